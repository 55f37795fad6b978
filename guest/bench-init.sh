#!/bin/sh
# /init of the benchmark initramfs: runs fpu_bench with the arguments given as
# bench.args=a,b,c on the kernel command line, then xstate_bench, then powers
# off.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
export PATH=/bin:/sbin
args=
for arg in $(cat /proc/cmdline); do
	case $arg in
	bench.args=*) args=$(echo "${arg#bench.args=}" | tr ',' ' ') ;;
	esac
done
echo "# bench: start"
/kvm/fpu_bench $args
rc=$?
/kvm/xstate_bench || rc=$?
echo "# bench: exit=$rc"
poweroff -f
