#!/usr/bin/env bash
# Debian's Linux 6.12 (bookworm-security), upstream's AMX and KVM code as a
# distribution ships it, for the Bochs calibration and for the comparison in
# make bench: fetch-debian-kernel.sh
# Leaves the image in build/debian-6.12/vmlinuz and its KVM modules,
# decompressed, in build/debian-6.12/modules/ (irqbypass, kvm, kvm-intel).
. "$(dirname "$0")/lib.sh"

K_VERSION=6.12.117-1~deb12u1
K_ABI=6.12.117+deb12-amd64
K_IMAGE_DEB=linux-image-${K_ABI}-unsigned_${K_VERSION}_amd64.deb
K_IMAGE_SHA256=5de3e329c887173debec07ff1325c975cf4f286d364929d17fecb1e1325c5c46

dl=$BUILD/dl/calib
out=$BUILD/debian-6.12
mkdir -p "$dl"
need_packages xz-utils

deb=$dl/$K_IMAGE_DEB
if ! echo "$K_IMAGE_SHA256  $deb" | sha256sum -c --quiet - >/dev/null 2>&1; then
	note "fetching linux-image-$K_ABI-unsigned $K_VERSION"
	(cd "$dl" && apt-get download -q -o APT::Sandbox::User=root \
		"linux-image-${K_ABI}-unsigned=$K_VERSION") >/dev/null ||
		die "apt-get download linux-image-${K_ABI}-unsigned failed"
	echo "$K_IMAGE_SHA256  $deb" | sha256sum -c --quiet - >/dev/null 2>&1 ||
		die "$K_IMAGE_DEB: sha256 mismatch"
fi
[ "$(cat "$out/.stamp" 2>/dev/null)" = "$K_IMAGE_SHA256" ] && exit 0
rm -rf "$out"
mkdir -p "$out/modules"
img=$(mktemp -d)
trap 'rm -rf "$img"' EXIT
dpkg-deb -x "$deb" "$img"
cp "$img/boot/vmlinuz-$K_ABI" "$out/vmlinuz"
for m in virt/lib/irqbypass arch/x86/kvm/kvm arch/x86/kvm/kvm-intel; do
	xz -dc "$img/lib/modules/$K_ABI/kernel/$m.ko.xz" >"$out/modules/${m##*/}.ko"
done
echo "$K_IMAGE_SHA256" >"$out/.stamp"
note "Debian's Linux $K_ABI in ${out#"$TOP"/}"
