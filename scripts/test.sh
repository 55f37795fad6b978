#!/usr/bin/env bash
# make test: the whole pipeline, stage by stage, with durations.
# Ends with the line "N passed, N failed, N skipped"; exit 0 only if nothing
# unexpected happened.
#
# TEST_TREE=DIR tests another kernel tree instead of the work tree (no series
# stages): build/obj/NAME, build/obj/selftests-NAME and build/results/NAME,
# NAME being the tree's directory name. 'make test-base' uses it for the
# unpatched base.
. "$(dirname "$0")/lib.sh"

S=$TOP/scripts
ktree=$TREE
kname=linux
if [ -n "${TEST_TREE:-}" ]; then
	ktree=$(realpath "$TEST_TREE")
	kname=$(basename "$ktree")
	RESULTS=$RESULTS/$kname
fi
# Only this run's files: other trees' results live in subdirectories.
mkdir -p "$RESULTS"
rm -f "$RESULTS"/*.log "$RESULTS"/*.tap "$RESULTS"/*.txt
declare -a timings=()
stage() {
	local name=$1 t0 rc=0
	shift
	note "stage $name"
	t0=$(date +%s)
	"$@" || rc=$?
	timings+=("$(printf '%-16s %5ds%s' "$name" $(($(date +%s) - t0)) "$([ $rc -eq 0 ] || echo "  FAILED")")")
	return $rc
}
summary() {
	echo "== stage timings"
	printf '  %s\n' "${timings[@]}"
	printf '  %-16s %5ds\n' total $(($(date +%s) - start))
}
start=$(date +%s)
trap summary EXIT

stage deps "$S/install-deps.sh"
if [ -z "${TEST_TREE:-}" ]; then
	stage fetch "$S/fetch-base.sh"
	stage tree "$S/make-tree.sh"
	stage series "$S/check-series.sh"
	st=$OBJ/selftests
else
	st=$OBJ/selftests-$kname
fi
stage kernel "$S/build-kernel.sh" "$ktree" "$OBJ/$kname"
stage selftests "$S/build-selftests.sh" "$ktree" "$st"
stage initramfs "$S/build-initramfs.sh" "$OBJ/$kname-test-initramfs.cpio.gz" \
	"$TOP/guest/test-init.sh" "$st/bin:kvm"

# Test beds: boot, then judge what the console says. A failed boot is judged
# too, so the report names the test that hung.
fail=0
# Run the KUnit case that provokes a WARN on purpose (allowed, by its
# message, in expectations/allowed-warnings.txt).
cmdline="x86_fpu_guest_kunit.test_warn=1"
APPEND="$cmdline" stage qemu-boot "$S/boot-qemu.sh" "$OBJ/$kname/arch/x86/boot/bzImage" \
	"$OBJ/$kname-test-initramfs.cpio.gz" "$RESULTS/qemu-console.log" 1800 || fail=1
stage qemu-results "$S/check-results.py" "$RESULTS/qemu-console.log" \
	"$TOP/expectations/qemu.txt" qemu "$RESULTS" || fail=1

# i386 math-emu bed: a 32-bit kernel of the same tree with the x87 emulator,
# booted with no387 on QEMU's 486; its /init (guest/x87-emu-init.c) checks
# that user space's x87 state survives context switches, fork and signals.
# The build also proves that the series builds for 32-bit (KVM included).
if KCONFIG_FRAGMENT=$TOP/config/kernel-i386.config KARCH=i386 \
	stage i386-kernel "$S/build-kernel.sh" "$ktree" "$OBJ/$kname-i386" &&
	stage i386-init "$S/build-x87-init.sh" "$OBJ/x87-emu-init" &&
	stage i386-initramfs "$S/build-initramfs.sh" "$OBJ/x87-emu-initramfs.cpio.gz" \
		"$OBJ/x87-emu-init"; then
	QEMU_SYSTEM=qemu-system-i386 QEMU_MACHINE=pc QEMU_CPU=486 SMP=1 QEMU_MEM=256M \
		APPEND=no387 stage i386-boot "$S/boot-qemu.sh" \
		"$OBJ/$kname-i386/arch/x86/boot/bzImage" "$OBJ/x87-emu-initramfs.cpio.gz" \
		"$RESULTS/qemu-i386-console.log" 300 || fail=1
	stage i386-results "$S/check-results.py" "$RESULTS/qemu-i386-console.log" \
		"$TOP/expectations/qemu-i386.txt" qemu-i386 "$RESULTS" --no-kunit || fail=1
else
	fail=1
fi

# Bochs (sapphire_rapids: VMX, XSAVES, AVX-512, AMX, XFD), the same kernel
# and initramfs. BOCHS=0 leaves it out (for a quick run while iterating).
if [ "${BOCHS:-1}" = 1 ]; then
	stage bochs-build "$S/bochs-build.sh" || fail=1
	stage bochs-boot "$S/bochs-boot.sh" "$OBJ/$kname/arch/x86/boot/bzImage" \
		"$OBJ/$kname-test-initramfs.cpio.gz" "$RESULTS/bochs-console.log" 3000 \
		"$cmdline ktest.timeout=30 ktest.skip=set_memory_region_test" || fail=1
	stage bochs-results "$S/check-results.py" "$RESULTS/bochs-console.log" \
		"$TOP/expectations/bochs.txt" bochs "$RESULTS" || fail=1
fi

# The total over the beds.
awk '$2 ~ /^[0-9]+$/ && $3 == "passed," { p += $2; f += $4; s += $6 }
	END { printf "%d passed, %d failed, %d skipped\n", p, f + 0, s + 0 }' \
	"$RESULTS"/*-summary.txt >"$RESULTS/total.txt"
total=$(cat "$RESULTS/total.txt")
[ "$fail" = 0 ] || case $total in *" 0 failed,"*) total=${total/ 0 failed,/ 1 failed,} ;; esac
summary
trap - EXIT
echo "$total"
[ "$fail" = 0 ]
