#!/usr/bin/env bash
# make run: boot the patched kernel on the Bochs bed (the one with AMX) and,
# inside it, run Debian's own unmodified qemu-system-x86_64 with -accel kvm
# -cpu host on an AMX guest (the same tree, built without the FPU KUnit
# suites): the guest multiplies int8 matrices with the tile instructions and
# checks the result against a scalar computation; then guests holding live
# tile data are migrated to a file while they run and while stopped,
# restored by a second QEMU, and stopped and continued
# (guest/qemu-host-init.sh). It is the bochs-qemu bed of make test
# (beds/bochs-qemu.bed, scripts/beds.sh), with its console shown as it
# boots: both consoles (the guest's prefixed "L2| "), the time each step
# took. Exits 0 only if every step passed, as make test judges them.
# BED=qemu: the fast variant on the QEMU bed, which has no AMX: a plain
# nested guest prints the XSAVE features KVM gives it.
. "$(dirname "$0")/lib.sh"

bed=${BED:-bochs}
kernel=$OBJ/linux/arch/x86/boot/bzImage
[ -f "$kernel" ] || die "no kernel yet: run 'make kernel' (or 'make test')"
mkdir -p "$RESULTS"
t0=$(date +%s)

if [ "$bed" = qemu ]; then
	note "the QEMU bed has no AMX (TCG emulates none): this run shows a plain nested guest; BED=bochs (the default) runs the AMX guest"
	"$TOP/scripts/build-initramfs.sh" "$OBJ/run-initramfs.cpio.gz" "$TOP/guest/run-init.sh"
	"$TOP/scripts/build-initramfs.sh" "$OBJ/nested-initramfs.cpio.gz" "$TOP/guest/nested-init.sh"
	log=$RESULTS/run-console.log
	# noxsave for the nested kernel: QEMU's software emulation of SVM ignores
	# the XSETBV intercept, so the L1 KVM never learns the XCR0 its guest
	# sets and reloads its own at every VMRUN; an XSAVE-enabled L2 kernel
	# then sizes its buffers wrongly and crashes. The L2 still prints the
	# XSAVE features and sizes KVM enumerates to it (CPUID 0xD).
	APPEND="run.kernel=$kernel run.initrd=$OBJ/nested-initramfs.cpio.gz run.append=${NESTED_APPEND-noxsave}" SHOW=1 \
		"$TOP/scripts/boot-qemu.sh" "$kernel" "$OBJ/run-initramfs.cpio.gz" "$log" 900 -- \
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on
	grep -q '^run: NESTED GUEST RAN' "$log" || die "the nested guest did not run (console: $log)"
	note "the nested guest ran under KVM in the booted kernel ($(($(date +%s) - t0)) s)"
	exit 0
fi
[ "$bed" = bochs ] || die "BED=$bed: make run knows bochs (the default) and qemu"
. "$TOP/scripts/beds.sh"

# The bed make test runs (beds/bochs-qemu.bed), its console shown as it
# boots, judged by the same expectations: every step must pass.
rc=0
FOLLOW=1 run_bed bochs-qemu || rc=$?
summary
note "steps ($RESULTS/bochs-qemu-console.log):"
grep -a -E '^(not )?ok [0-9]+ amx_' "$RESULTS/bochs-qemu-console.log" | sed 's/^/   /' || true
[ $rc = 0 ] || die "not every step passed: see $RESULTS/bochs-qemu-summary.txt"
note "the AMX guest computed, migrated and continued under Debian's QEMU on the patched host"
