#!/usr/bin/env bash
# Pack an initramfs: build-initramfs.sh OUT.cpio.gz INIT [DIR:DEST ...]
# busybox-static, INIT as /init, and each DIR copied to DEST inside.
. "$(dirname "$0")/lib.sh"

out=$(realpath -m "${1:?usage: build-initramfs.sh OUT INIT [DIR:DEST...]}")
init=${2:?usage: build-initramfs.sh OUT INIT [DIR:DEST...]}
shift 2
bb=/bin/busybox
file -L "$bb" 2>/dev/null | grep -q 'statically linked' || bb=$(command -v busybox)
[ -x "$bb" ] || die "busybox-static is not installed"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,dev,proc,sys,tmp,host,etc,root}
cp "$bb" "$stage/bin/busybox"
for a in $("$bb" --list); do
	[ -e "$stage/bin/$a" ] || ln -s busybox "$stage/bin/$a"
done
install -m 755 "$init" "$stage/init"
for spec in "$@"; do
	mkdir -p "$stage/${spec#*:}"
	cp -a "${spec%%:*}/." "$stage/${spec#*:}/"
done
mkdir -p "$(dirname "$out")"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
