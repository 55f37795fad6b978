#!/bin/sh
# /init of the 'make run' initramfs (the L1 host). Mounts the build machine's
# root read-only over 9p, and from it runs Debian's own qemu-system-x86_64 with
# KVM on a small nested guest. Its arguments come on the kernel command line:
#   run.kernel=PATH run.initrd=PATH   (paths on the build machine)
#   run.append=ARG                    (one more argument for the nested kernel)
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
export PATH=/bin:/sbin
for arg in $(cat /proc/cmdline); do
	case $arg in
	run.kernel=*) kernel=${arg#run.kernel=} ;;
	run.initrd=*) initrd=${arg#run.initrd=} ;;
	run.append=*) append=${arg#run.append=} ;;
	esac
done
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000 hostroot /host || {
	echo "run: cannot mount the host root over 9p"; poweroff -f; }
mount -o bind /dev /host/dev
mount -t proc proc /host/proc
mount -t sysfs sys /host/sys
mount -t tmpfs tmp /host/tmp
mount -t tmpfs run /host/run
echo "run: L1 $(uname -r), /dev/kvm: $(ls /dev/kvm 2>&1)"
echo "run: starting the nested guest: Debian's $(chroot /host qemu-system-x86_64 --version | head -1)"
chroot /host qemu-system-x86_64 -accel kvm -cpu host -smp 1 -m 256M \
	-nographic -no-reboot -nodefaults -serial stdio \
	-kernel "$kernel" -initrd "$initrd" -append "console=ttyS0 panic=-1 $append" \
	</dev/null >/tmp/nested.log 2>&1 &
qemu=$!
# Show the nested console as it comes, and judge it when QEMU is done.
tail -f /tmp/nested.log &
tailer=$!
wait $qemu
rc=$?
sleep 1
kill $tailer
echo "run: nested QEMU exited with status $rc"
if [ $rc -eq 0 ] && grep -q '^nested: done' /tmp/nested.log &&
	! grep -q 'Kernel panic' /tmp/nested.log; then
	echo "run: NESTED GUEST RAN"
fi
poweroff -f
