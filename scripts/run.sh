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
APPEND="run.kernel=$kernel run.initrd=$OBJ/nested-initramfs.cpio.gz" SHOW=1 \
	"$TOP/scripts/boot-qemu.sh" "$kernel" "$OBJ/run-initramfs.cpio.gz" "$log" 900 -- \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on
grep -q 'run: NESTED GUEST RAN' "$log" || die "the nested guest did not run (console: $log)"
note "the nested guest ran under KVM in the booted kernel"
