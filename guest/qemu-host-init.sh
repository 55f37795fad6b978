#!/bin/sh
# /init of the patched host (L1) in 'make run' and on the bochs-qemu bed: runs
# Debian's own, unmodified qemu-system-x86_64 (in this initramfs with its
# libraries and firmware, scripts/build-qemu-initramfs.sh) with -accel kvm
# -cpu host on an AMX guest (/l2: the same kernel, guest/amx-guest-init.sh)
# and reports, as one TAP document (set "qemu"), what a user would check:
#   1 amx_guest      the guest multiplies int8 matrices with AMX tiles and
#                    gets the scalar result; its vCPU's guest fpstate, read
#                    on the host (/proc/vmallocinfo), has grown only after
#                    the guest used tile data
#   2 amx_live_migrate  a guest holding live tile data is migrated by QEMU
#                    to a file while it runs and restored by a second QEMU
#                    (-incoming), and finds its tiles intact
#   3 amx_stop_cont  a fresh such guest is stopped and continued (QEMU reads
#                    the vCPU state and writes it back) and finds its tiles
#                    intact
#   4 amx_migrate    that guest is stopped, migrated and restored as in 2
#   5 amx_guest_after_migrate  a fresh guest as in 1, after the migrations
# Each guest console is shown, prefixed "L2| ", with the time each step took.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t tmpfs tmp /tmp
export PATH=/bin:/sbin:/usr/bin
dmesg -n 1

QEMU="qemu-system-x86_64 -accel kvm -cpu host -smp 1 -m 128M -nographic
	-no-reboot -nodefaults -serial stdio -kernel /l2/bzImage -initrd /l2/initrd"
every=20000
wait_s=180	# the longest any one wait may take (the guest boots in ~3 s)

now() { cut -d' ' -f1 /proc/uptime; }
since() { awk "BEGIN { printf \"%.1f\", $(now) - $1 }"; }

# The vmalloc'ed guest fpstates (and their growth) of this host, in bytes:
# the same areas tools/testing/selftests/kvm/x86_64/fpu_bench.c counts
fpstate_bytes() {
	awk '/fpu_alloc_guest_fpstate|fpstate_realloc|fpstate_valloc|xfd_enable_feature/ {
		for (i = 1; i <= NF; i++)
			if ($i ~ /^pages=/) { sub("pages=", "", $i); n += $i * 4096 }
	} END { print n + 0 }' /proc/vmallocinfo
}

# start_qemu NAME APPEND [QEMU ARGS]: QEMU in the background, its console in
# /tmp/NAME.log (shown on ours as it comes), its monitor on /tmp/NAME.mon.in
# and .out (a pipe chardev)
start_qemu() {
	local name=$1 append=$2
	shift 2
	mkfifo /tmp/$name.mon.in /tmp/$name.mon.out
	: >/tmp/$name.log
	# shellcheck disable=SC2086
	$QEMU -append "console=ttyS0 panic=-1 $append" \
		-monitor pipe:/tmp/$name.mon "$@" </dev/null >/tmp/$name.log 2>&1 &
	qemu_pid=$!
	cat /tmp/$name.mon.out >/tmp/$name.mon.log &
	tail -f /tmp/$name.log | awk '{ print "L2| " $0; fflush() }' &
	tail_pid=$!
}
mon() { echo "$2" >/tmp/$1.mon.in; }
stop_qemu() {
	kill "$qemu_pid" 2>/dev/null
	wait "$qemu_pid" 2>/dev/null
	sleep 1
	kill "$tail_pid" 2>/dev/null
}
# The guest console's own verdict: no kernel problem, no tile mismatch
guest_ok() {
	! grep -q -E 'MISMATCH|WARNING:|BUG:|Oops|unexpected|Kernel panic|Call Trace' /tmp/$1.log
}
# wait_for NAME PATTERN [COUNT]: until the guest console has COUNT (1) lines
# matching PATTERN; fails when QEMU exits first or after wait_s
wait_for() {
	local t0
	t0=$(now)
	while [ "$(grep -c -- "$2" /tmp/$1.log)" -lt "${3:-1}" ]; do
		if ! kill -0 "$qemu_pid" 2>/dev/null; then
			echo "# $1: QEMU exited while waiting for '$2'"
			return 1
		fi
		if ! guest_ok "$1"; then
			echo "# $1: the guest failed while waiting for '$2'"
			return 1
		fi
		if [ "$(awk "BEGIN { print ($(now) - $t0 > $wait_s) }")" = 1 ]; then
			echo "# $1: no '$2' after ${wait_s}s"
			return 1
		fi
		sleep 0.2
	done
}
progress() { grep -c 'checks of the live tiles ok' /tmp/$1.log; }

echo "# host: Linux $(uname -r), /dev/kvm: $(ls /dev/kvm 2>&1)"
echo "# host: $($QEMU -version 2>&1 | head -1)"
echo "# qemu-selftests: start"
echo "TAP version 13"
echo "1..5"

# 1: the guest computes with AMX; its fpstate grows when it does
t=$(now)
before=$(fpstate_bytes)
start_qemu run "amx.mode=check"
ok=0
if wait_for run 'guest: ready'; then
	ready=$(fpstate_bytes)
	if wait_for run 'guest: amx done'; then
		used=$(fpstate_bytes)
		ok=1
	fi
fi
wait "$qemu_pid"
rc=$?
sleep 1
kill "$tail_pid" 2>/dev/null
echo "# amx_guest: guest fpstate bytes on the host: no VM $before, guest booted $((ready - before)), after its first tile use $((used - before))"
if [ $ok = 1 ] && [ $rc = 0 ] && grep -q '^amx: PASS' /tmp/run.log && guest_ok run &&
	[ $((ready - before)) -gt 0 ] && [ "$used" -gt "$ready" ]; then
	echo "ok 1 amx_guest # time=$(since "$t")s"
else
	echo "not ok 1 amx_guest # qemu exit=$rc; see the L2 console above"
fi

# migrate NAME N LIVE: migrate the guest of the running QEMU to a file, stopped
# first unless LIVE=live; restore it in a second QEMU (NAME-dst) and judge
# it as test N: the restored guest goes on with its live tiles
migrate() {
	local name=$1 n=$2 live=$3 t ok=0 ts before
	t=$(now)
	if kill -0 "$qemu_pid" 2>/dev/null && guest_ok "$name"; then
		[ "$live" = live ] || mon "$name" stop
		ts=$(now)
		mon "$name" "migrate \"exec:cat > /tmp/$name.mig\""
		mon "$name" 'info migrate'
		while ! grep -q 'Migration status: completed' /tmp/$name.mon.log; do
			grep -q 'Migration status: failed' /tmp/$name.mon.log && break
			[ "$(awk "BEGIN { print ($(now) - $ts > $wait_s) }")" = 1 ] && break
			sleep 1
			mon "$name" 'info migrate'
		done
		grep -q 'Migration status: completed' /tmp/$name.mon.log && ok=1
		echo "# $name: migration (${live:-stopped}) took $(since "$ts")s, $(wc -c </tmp/$name.mig) bytes"
	fi
	guest_ok "$name" || ok=0
	before=$(progress "$name")
	stop_qemu
	if [ $ok = 1 ]; then
		ok=0
		start_qemu "$name-dst" "amx.mode=hold amx.every=$every" \
			-incoming "exec:cat /tmp/$name.mig"
		# A guest migrated while stopped stays stopped where it lands
		# (QEMU migrates the run state): continue it once it is in
		if [ "$live" != live ]; then
			ts=$(now)
			mon "$name-dst" 'info status'
			until grep 'VM status: paused' /tmp/$name-dst.mon.log | grep -q -v inmigrate; do
				[ "$(awk "BEGIN { print ($(now) - $ts > 60) }")" = 1 ] && break
				sleep 1
				mon "$name-dst" 'info status'
			done
			mon "$name-dst" cont
		fi
		# The restored guest goes on from where it was, at once
		wait_s=60
		wait_for "$name-dst" 'checks of the live tiles ok' 2 && guest_ok "$name-dst" && ok=1
		wait_s=180
		echo "# $name: guest fpstate bytes on the host after the restore: $(fpstate_bytes)"
		if [ $ok = 0 ]; then
			mon "$name-dst" 'info status'
			mon "$name-dst" 'info registers'
			sleep 2
			sed 's/^/# monitor: /' /tmp/$name-dst.mon.log | grep -E 'status|RIP|CR0|EFL' | head -n 6
		fi
		stop_qemu
	fi
	if [ $ok = 1 ]; then
		echo "ok $n $name # time=$(since "$t")s, $before lines of checks before, $(progress "$name-dst") after"
	else
		echo "not ok $n $name # see the L2 consoles above"
	fi
}

# 2: a fresh guest holding tiles, migrated while it runs (live)
start_qemu amx_live_migrate "amx.mode=hold amx.every=$every"
wait_for amx_live_migrate 'checks of the live tiles ok' 2
migrate amx_live_migrate 2 live
# 3: stop and continue a guest holding live tile data (QEMU reads the vCPU
# state when it stops and writes it back before it runs again)
t=$(now)
ok=0
start_qemu amx_migrate "amx.mode=hold amx.every=$every"
if wait_for amx_migrate 'checks of the live tiles ok' 2; then
	echo "# amx_stop_cont: guest fpstate bytes on the host while it holds tiles: $(fpstate_bytes)"
	n=$(progress amx_migrate)
	mon amx_migrate stop
	sleep 2
	mon amx_migrate 'info status'
	mon amx_migrate cont
	wait_for amx_migrate 'checks of the live tiles ok' $((n + 2)) && guest_ok amx_migrate &&
		grep -q 'VM status: paused' /tmp/amx_migrate.mon.log && ok=1
fi
if [ $ok = 1 ]; then
	echo "ok 3 amx_stop_cont # time=$(since "$t")s"
else
	echo "not ok 3 amx_stop_cont # see the L2 console above"
fi

# 4: that guest, stopped, migrated to a file and restored by a second QEMU
migrate amx_migrate 4 ""

# 5: a fresh guest again, as in 1, after the migrations
t=$(now)
start_qemu again "amx.mode=check"
ok=0
wait_for again 'guest: amx done' && ok=1
wait "$qemu_pid"
rc=$?
sleep 1
kill "$tail_pid" 2>/dev/null
if [ $ok = 1 ] && [ $rc = 0 ] && grep -q '^amx: PASS' /tmp/again.log && guest_ok again; then
	echo "ok 5 amx_guest_after_migrate # time=$(since "$t")s"
else
	echo "not ok 5 amx_guest_after_migrate # qemu exit=$rc; see the L2 console above"
fi
echo "# qemu-selftests: done"
# The host kernel's warnings and oopses, for the judge (as guest/test-init.sh)
dmesg | grep -E -A 40 'cut here|WARNING:|BUG:|Oops|general protection|UBSAN:|INFO: |unchecked MSR access' |
	sed 's/^/# dmesg: /'
sleep 3
poweroff -f
