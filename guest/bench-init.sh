#!/bin/sh
# /init of the benchmark initramfs: runs fpu_bench with the arguments given as
# bench.args=a,b,c on the kernel command line, then xstate_bench, then powers
# off; with bench.xstate_only=1 (the debug kernel), only the IA32_XFD write
# counts: xstate_bench --counts and fpu_bench -x.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
export PATH=/bin:/sbin
# A distribution kernel has KVM as modules (make bench puts them here)
for m in irqbypass kvm kvm-intel; do
	[ -f /lib/modules/$m.ko ] && insmod /lib/modules/$m.ko
done
args=
fpu_bench=1
for arg in $(cat /proc/cmdline); do
	case $arg in
	bench.args=*) args=$(echo "${arg#bench.args=}" | tr ',' ' ') ;;
	bench.xstate_only=1) fpu_bench=0 ;;
	esac
done
# Only warnings and worse on the console while measuring: a line on the
# serial console takes milliseconds under emulation, and a late probe's
# message (the PS/2 mouse's, a second into boot) fell into the round-trip
# figures of some kernels and not others, as a tail in the mean. dmesg
# keeps every message.
echo 4 >/proc/sys/kernel/printk
echo "# bench: start"
if [ $fpu_bench = 1 ]; then
	/kvm/fpu_bench $args
	rc=$?
	/kvm/xstate_bench || rc=$?
else
	/kvm/xstate_bench --counts
	rc=$?
	/kvm/fpu_bench -x || rc=$?
fi
echo "# bench: exit=$rc"
# Let the serial console drain: poweroff does not wait for it.
sleep 3
poweroff -f
