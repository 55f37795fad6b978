#!/bin/sh
# /init of the AMX guest (L2) that Debian's QEMU runs on the patched host in
# 'make run' and on the bochs-qemu bed (guest/qemu-host-init.sh is the host's
# side). amx.mode=check: amx_matmul multiplies int8 matrices with the tile
# instructions once, checks them against a scalar computation, and the guest
# powers off. amx.mode=hold: amx_matmul keeps its tiles loaded and checks them
# in a loop until the host stops QEMU (printing a line every amx.every checks).
# "guest: ready" and "guest: amx done" are the host's cues to measure the guest
# fpstate before and after the first use of tile data.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
export PATH=/bin:/sbin
mode=check
every=20000
for arg in $(cat /proc/cmdline); do
	case $arg in
	amx.mode=*) mode=${arg#amx.mode=} ;;
	amx.every=*) every=${arg#amx.every=} ;;
	esac
done
echo "guest: Linux $(uname -r), $(grep -c '^processor' /proc/cpuinfo) vCPU"
dmesg | grep 'x86/fpu: Enabled xstate' | sed 's/^\[[^]]*\] /guest: /'
echo "guest: ready"
# The host reads the vCPU's fpstate size now, before any tile instruction
sleep 2
case $mode in
check)
	/amx/amx_matmul
	echo "guest: amx_matmul exit=$?"
	echo "guest: amx done"
	sleep 2
	;;
hold)
	/amx/amx_matmul --hold "$every"
	echo "guest: amx_matmul exit=$?"
	;;
*) echo "guest: unknown amx.mode=$mode" ;;
esac
echo "guest: powering off"
poweroff -f
