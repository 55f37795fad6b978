#!/bin/sh
# /init of the test initramfs: runs every selftest set in /selftests (kvm,
# then x86), each test with its timeout, prints each set's results as TAP on
# the console, then powers off.
# KUnit's built-in suites have already printed their KTAP during boot.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t tmpfs tmp /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
export PATH=/bin:/sbin

# Per-test timeouts in seconds of guest time; dirty_log_test takes 110-160 s
# under TCG; fpu_state_test takes about 30 s on the debug kernel, 400 s is
# its margin (its signal timer follows the round trip, so KASAN's slower
# KVM_RUN no longer turns nearly every KVM_RUN into an EINTR).
# ktest.timeout=N on the kernel command line sets one for all (the Bochs bed
# uses it: its guest clock runs at a fixed instruction rate, several times
# faster than the emulation itself).
timeout_of() {
	if [ -n "$all_timeout" ]; then
		echo "$all_timeout"
		return
	fi
	case $1 in
	dirty_log_test|fpu_state_test) echo 400 ;;
	*) echo 180 ;;
	esac
}
all_timeout=
# ktest.skip=a,b: tests a test bed cannot run; reported as skipped.
skip=
# ktest.retry=a,b: tests run a second time when the first try fails, the
# result then being the second try's, marked "retried". The harness sets it
# from the bed's expectations ("NAME retry REASON"): a failure the bed itself
# causes now and then, shown on the unpatched base.
retry=

# ktest.only=a,b on the kernel command line runs just those tests, of
# whichever set (for developers: APPEND=ktest.only=state_test ...).
only=
for arg in $(cat /proc/cmdline); do
	case $arg in
	ktest.only=*) only=1; echo "${arg#ktest.only=}" | tr ',' '\n' >/tmp/only ;;
	ktest.timeout=*) all_timeout=${arg#ktest.timeout=} ;;
	ktest.skip=*) skip=",${arg#ktest.skip=}," ;;
	ktest.retry=*) retry=",${arg#ktest.retry=}," ;;
	esac
done
# Kernel messages would interleave with the TAP lines on the console: keep
# them off it while the tests run, and print the kernel log after them (the
# harness looks there for warnings and oopses).
dmesg -n 1
# What the machine offers the FPU code: the XSAVE, AVX-512 and AMX flags.
echo "# cpu flags: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' |
	grep -E '^(xsave|xsaveopt|xsavec|xsaves|avx512f|amx_[a-z0-9]+|pku|ospke)$' | tr '\n' ' ')"

# run_test DIR TEST: run it with its timeout, print its output; sets rc, secs.
run_test() {
	to=$(timeout_of "$2")
	echo "# running $2 (timeout ${to}s)"
	t0=$(cut -d' ' -f1 /proc/uptime)
	(cd "$1" && timeout -s KILL "$to" "./$2" >/tmp/out 2>&1 </dev/null; echo $? >/tmp/rc)
	rc=$(cat /tmp/rc)
	t1=$(cut -d' ' -f1 /proc/uptime)
	sed 's/^/# /' /tmp/out
	secs=$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }")
}

# run_set SET: the tests of /selftests/SET/tests.txt, as one TAP document.
run_set() {
	dir=/selftests/$1
	if [ -n "$only" ]; then
		grep -x -F -f /tmp/only "$dir/tests.txt" >/tmp/tests.txt
	else
		cp "$dir/tests.txt" /tmp/tests.txt
	fi
	n=$(wc -l </tmp/tests.txt)
	echo "# $1-selftests: start"
	echo "TAP version 13"
	echo "1..$n"
	i=0
	while read -r t; do
		i=$((i + 1))
		case $skip in
		*",$t,"*)
			echo "ok $i $t # SKIP excluded on this test bed (ktest.skip)"
			continue ;;
		esac
		run_test "$dir" "$t"
		again=
		case $rc,$retry in
		0,* | 4,*) ;;
		*",$t,"*)
			echo "# $t: first try failed (exit=$rc), trying once more (ktest.retry)"
			again=" retried: first try exit=$rc"
			run_test "$dir" "$t" ;;
		esac
		why=$(grep -v '^[[:space:]]*$' /tmp/out | tail -n 1 | tr -d '#')
		case $rc in
		0) echo "ok $i $t # time=${secs}s$again" ;;
		4) echo "ok $i $t # SKIP $why" ;;
		137) echo "not ok $i $t # TIMEOUT after ${to}s$again" ;;
		*) echo "not ok $i $t # exit=$rc time=${secs}s$again" ;;
		esac
	done </tmp/tests.txt
	echo "# $1-selftests: done"
}
for set in kvm x86; do
	[ -f /selftests/$set/tests.txt ] && run_set $set
done
# On the debug kernel: a kmemleak scan now that every test has exited, and
# another 6 s later, as kmemleak does not report an object younger than 5 s.
# The report is what the judge reads.
km=/sys/kernel/debug/kmemleak
if [ -e $km ]; then
	echo scan >$km
	sleep 6
	echo scan >$km
	sed 's/^/# kmemleak: /' $km
	echo "# kmemleak: scan done, $(grep -c '^unreferenced object' $km) suspected leaks"
fi
# The fault injection controls that tests use, where the kernel has them.
for f in failslab fail_page_alloc; do
	[ -e /sys/kernel/debug/$f/probability ] && echo "# fault-injection: $f"
done
# The kernel's warnings, oopses, BUGs, the checkers' reports (KASAN, UBSAN,
# lockdep, RCU) and #GPs of MSR accesses it did not expect to fail, with
# what follows them.
dmesg | grep -E -A 40 'cut here|WARNING:|BUG:|Oops|general protection|UBSAN:|INFO: |unchecked MSR access' |
	sed 's/^/# dmesg: /'
# Let the serial console drain: poweroff does not wait for it.
sleep 3
poweroff -f
