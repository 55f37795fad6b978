#!/usr/bin/env bash
# Calibrate the Bochs AMX test bed against upstream: bochs-calibrate.sh
# Boots Debian's Linux 6.12 on the sapphire_rapids model and runs upstream's
# kvm amx_test (nested guest: AMX, XFD, #NM, save/restore) and
# tools/testing/selftests/x86/amx.c, both built statically from Debian's
# linux-source-6.12 with our selftest patches (bochs/calibrate/*.patch).
# Both must pass (bochs/expect/calibrate-6.12.{txt,absent}).
# Console log: build/bochs-results/bochs-calibrate.console.
#
# Linux 6.12 comes from bookworm-security (the 6.12 LTS line Debian ships for
# bookworm; this machine has binary lists for bookworm only).
. "$(dirname "$0")/lib.sh"

# The image and its KVM modules: scripts/fetch-debian-kernel.sh (same version)
K_VERSION=6.12.117-1~deb12u1
K_ABI=6.12.117+deb12-amd64
K_SOURCE_DEB=linux-source-6.12_${K_VERSION}_all.deb
K_SOURCE_SHA256=e849faf31ca3555757f3a8877cb01af92122f744f75d1f3102734651c4e14703
JOBS=${BOCHS_JOBS:-2}

dl=$BUILD/dl/calib
work=$BUILD/bochs-calibrate
BOCHS_RESULTS=$BUILD/bochs-results  # build/results belongs to the main harness
mkdir -p "$dl" "$work" "$BOCHS_RESULTS"

need_packages build-essential xz-utils cpio busybox-static

check() { [ -f "$dl/$1" ] && echo "$2  $dl/$1" | sha256sum -c --quiet - >/dev/null 2>&1; }
fetch() { # deb sha256 package=version
	check "$1" "$2" && return 0
	note "fetching $3"
	(cd "$dl" && apt-get download -q -o APT::Sandbox::User=root "$3") >/dev/null ||
		die "apt-get download $3 failed"
	check "$1" "$2" || die "$1: sha256 mismatch"
}
fetch "$K_SOURCE_DEB" "$K_SOURCE_SHA256" "linux-source-6.12=$K_VERSION"

# --- kernel image and KVM modules ----------------------------------------------
"$TOP/scripts/fetch-debian-kernel.sh"
vmlinuz=$BUILD/debian-6.12/vmlinuz
extra=$work/rootfs-extra
rm -rf "$extra"
mkdir -p "$extra/bin" "$extra/lib/modules"
cp "$BUILD"/debian-6.12/modules/*.ko "$extra/lib/modules/"

# --- selftests: source, our patches, static builds ---------------------------------
patches=("$TOP"/bochs/calibrate/[0-9][0-9][0-9][0-9]-*.patch)
key=$({ echo "$K_SOURCE_SHA256"; for p in "${patches[@]}"; do cat "$p"; done; } | sha256sum | cut -d' ' -f1)
src=$work/linux-source-6.12
out=$work/selftests
if [ "$(cat "$out/.stamp" 2>/dev/null)" != "$key" ]; then
	rm -rf "$src" "$out"
	note "unpacking linux-source-6.12 (tools, headers)"
	dpkg-deb --fsys-tarfile "$dl/$K_SOURCE_DEB" |
		tar -xO ./usr/src/linux-source-6.12.tar.xz |
		tar -xJ -C "$work" --no-same-owner --wildcards \
			'linux-source-6.12/tools/*' 'linux-source-6.12/include/*' \
			'linux-source-6.12/arch/x86/*' 'linux-source-6.12/scripts/*' \
			'linux-source-6.12/usr/*' 'linux-source-6.12/Makefile' \
			'linux-source-6.12/Kbuild' 'linux-source-6.12/Kconfig'
	for p in "${patches[@]}"; do
		note "applying ${p#"$TOP"/}"
		patch -p1 -s -d "$src" <"$p" || die "${p##*/} does not apply"
	done
	note "building amx_test and amx_64 (static)"
	make -s -C "$src" headers >/dev/null
	mkdir -p "$out/kvm"
	env LDFLAGS=-static make -s -C "$src/tools/testing/selftests/kvm" -j"$JOBS" \
		OUTPUT="$out/kvm" "$out/kvm/x86_64/amx_test" >"$out/build.log" 2>&1 ||
		{ tail -20 "$out/build.log" >&2; die "amx_test build failed"; }
	gcc -static -O2 -g -std=gnu99 -pthread -Wall -isystem "$src/usr/include" \
		-o "$out/amx_64" "$src/tools/testing/selftests/x86/amx.c" -lrt -ldl \
		>>"$out/build.log" 2>&1 || { tail -20 "$out/build.log" >&2; die "amx.c build failed"; }
	echo "$key" >"$out/.stamp"
fi
cp "$out/kvm/x86_64/amx_test" "$out/amx_64" "$extra/bin/"

# --- boot and check ------------------------------------------------------------------
bash "$TOP/scripts/bochs-build.sh"
initramfs=$work/initramfs.cpio.gz
console=$BOCHS_RESULTS/bochs-calibrate.console
bash "$TOP/scripts/build-initramfs.sh" "$initramfs" "$TOP/bochs/init.calibrate" "$extra:/"
bash "$TOP/scripts/bochs-boot.sh" "$vmlinuz" "$initramfs" "$console" "${BOCHS_TIMEOUT:-1200}"

bash "$TOP/scripts/check-console.sh" "$console" "$TOP/bochs/expect/calibrate-6.12.txt" \
	"$TOP/bochs/expect/calibrate-6.12.absent" || die "calibration failed (console: $console)"
grep -E '^@@ result' "$console"
note "calibration passed: amx_test and amx_64 on Linux $K_ABI ($console)"
