#!/usr/bin/env bash
# Boot a kernel on the Bochs sapphire_rapids model and check the report of
# bochs/init.xstate: bochs-smoke.sh [BZIMAGE] [EXPECT_NAME]
# BZIMAGE defaults to build/obj/linux/arch/x86/boot/bzImage, EXPECT_NAME to
# smoke-5.10 (bochs/expect/NAME.txt must match, NAME.absent must not).
# Console log: build/bochs-results/bochs-smoke.console.
. "$(dirname "$0")/lib.sh"

bzimage=${1:-$OBJ/linux/arch/x86/boot/bzImage}
name=${2:-smoke-5.10}
expect=$TOP/bochs/expect/$name.txt
absent=$TOP/bochs/expect/$name.absent
[ -f "$expect" ] || die "no $expect"
BOCHS_RESULTS=$BUILD/bochs-results  # build/results belongs to the main harness
mkdir -p "$BOCHS_RESULTS"
initramfs=$BOCHS_RESULTS/bochs-smoke.initramfs.cpio.gz
console=$BOCHS_RESULTS/bochs-smoke.console

bash "$TOP/scripts/bochs-build.sh"
bash "$TOP/scripts/build-initramfs.sh" "$initramfs" "$TOP/bochs/init.xstate"
bash "$TOP/scripts/bochs-boot.sh" "$bzimage" "$initramfs" "$console" "${BOCHS_TIMEOUT:-600}"

bash "$TOP/scripts/check-console.sh" "$console" "$expect" "$absent" ||
	die "bochs smoke test failed (console: $console)"
note "bochs smoke test passed ($console)"
