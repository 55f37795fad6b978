#!/usr/bin/env bash
# Build a busybox initramfs for Bochs boots: bochs-initramfs.sh OUT.cpio.gz [INIT [EXTRA_DIR]]
# INIT defaults to bochs/init.xstate (prints CPU flags and the dmesg lines
# about XSAVE, KVM and VMX, then powers off). The contents of EXTRA_DIR (test
# binaries, modules) are copied into the root.
. "$(dirname "$0")/lib.sh"

out=$(realpath -m "${1:?usage: bochs-initramfs.sh OUT.cpio.gz [INIT]}")
init=$(realpath "${2:-$TOP/bochs/init.xstate}")
extra=${3:-}
[ -z "$extra" ] || [ -d "$extra" ] || die "no directory $extra"
missing=()
for p in busybox-static cpio; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -ne 0 ]; then
	[ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]} (run as root)"
	apt-get update -q >/dev/null || die "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"${missing[@]}" >/dev/null || die "apt-get install failed"
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,usr/bin,usr/sbin}
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list-full); do
	[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done
install -m 755 "$init" "$root/init"
[ -z "$extra" ] || cp -a "$extra"/. "$root"/
mkdir -p "$(dirname "$out")"
(cd "$root" && find . -print0 | LC_ALL=C sort -z | cpio -o -0 -H newc --quiet -R 0:0) | gzip -9n >"$out"
note "initramfs: $out ($(stat -c %s "$out") bytes)"
