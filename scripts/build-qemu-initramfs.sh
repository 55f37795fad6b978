#!/usr/bin/env bash
# The initramfs of the host in 'make run' and on the bochs-qemu bed:
# build-qemu-initramfs.sh OUT.cpio.gz KERNEL
# guest/qemu-host-init.sh as /init, Debian's own qemu-system-x86_64 (the
# installed package, unmodified: binary, the libraries ldd names, the SeaBIOS
# and option ROMs a -kernel boot loads), and in /l2 the AMX guest: KERNEL as
# /l2/bzImage and an initramfs of guest/amx-guest-init.sh with
# guest/amx_matmul.c, statically linked.
. "$(dirname "$0")/lib.sh"

usage="usage: build-qemu-initramfs.sh OUT.cpio.gz KERNEL"
out=$(realpath -m "${1:?$usage}")
kernel=$(realpath "${2:?$usage}")
qemu=$(command -v qemu-system-x86_64) || die "qemu-system-x86_64 is not installed (make deps)"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# The guest: amx_matmul and its /init
mkdir -p "$stage/amx" "$stage/l2"
gcc -O2 -Wall -Wextra -static -mamx-tile -mamx-int8 -o "$stage/amx/amx_matmul" \
	"$TOP/guest/amx_matmul.c" || die "guest/amx_matmul.c does not build"
"$TOP/scripts/build-initramfs.sh" "$stage/l2/initrd" "$TOP/guest/amx-guest-init.sh" \
	"$stage/amx:amx"
cp "$kernel" "$stage/l2/bzImage"

# QEMU as Debian installs it, with what it loads at run time
root=$stage/root
mkdir -p "$root/usr/bin" "$root/usr/share/qemu" "$root/usr/share/seabios"
cp "$qemu" "$root/usr/bin/"
for lib in $(ldd "$qemu" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
cp -L /usr/share/seabios/bios-256k.bin "$root/usr/share/seabios/"
for rom in linuxboot_dma.bin kvmvapic.bin; do
	cp -L "/usr/share/qemu/$rom" "$root/usr/share/qemu/"
done

"$TOP/scripts/build-initramfs.sh" "$out" "$TOP/guest/qemu-host-init.sh" \
	"$root:." "$stage/l2:l2"
note "$(basename "$out"): $(du -h "$out" | cut -f1), Debian's $("$qemu" --version | head -1)"
