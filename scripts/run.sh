#!/usr/bin/env bash
# make run: boot the patched kernel under QEMU and, inside it, run Debian's own
# unmodified qemu-system-x86_64 with -accel kvm on a small nested guest (the
# same kernel) that prints its XSAVE features and FPU state sizes. Both consoles
# are shown. Exits 0 when the nested guest ran.
. "$(dirname "$0")/lib.sh"

kernel=$OBJ/linux/arch/x86/boot/bzImage
[ -f "$kernel" ] || die "no kernel yet: run 'make kernel' (or 'make test')"
"$TOP/scripts/build-initramfs.sh" "$OBJ/run-initramfs.cpio.gz" "$TOP/guest/run-init.sh"
"$TOP/scripts/build-initramfs.sh" "$OBJ/nested-initramfs.cpio.gz" "$TOP/guest/nested-init.sh"
mkdir -p "$RESULTS"
log=$RESULTS/run-console.log
# noxsave for the nested kernel: QEMU's software emulation of SVM ignores the
# XSETBV intercept, so the L1 KVM never learns the XCR0 its guest sets and
# reloads its own at every VMRUN; an XSAVE-enabled L2 kernel then sizes its
# buffers wrongly and crashes. The L2 still prints the XSAVE features and
# sizes KVM enumerates to it (CPUID 0xD).
APPEND="run.kernel=$kernel run.initrd=$OBJ/nested-initramfs.cpio.gz run.append=${NESTED_APPEND-noxsave}" SHOW=1 \
	"$TOP/scripts/boot-qemu.sh" "$kernel" "$OBJ/run-initramfs.cpio.gz" "$log" 900 -- \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on
grep -q '^run: NESTED GUEST RAN' "$log" || die "the nested guest did not run (console: $log)"
note "the nested guest ran under KVM in the booted kernel"
