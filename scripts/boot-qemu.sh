#!/usr/bin/env bash
# Boot a kernel under QEMU software emulation:
# boot-qemu.sh BZIMAGE INITRAMFS CONSOLE_LOG TIMEOUT_S [-- extra QEMU args]
# The console goes to CONSOLE_LOG (and to stdout with SHOW=1). Fails, printing
# the console tail, when the guest does not power off by itself in time.
# Extra kernel command line: APPEND. Another machine: QEMU_SYSTEM, QEMU_MACHINE,
# QEMU_CPU, SMP, QEMU_MEM (the i386 math-emu bed: qemu-system-i386, pc, 486).
. "$(dirname "$0")/lib.sh"

kernel=${1:?usage: boot-qemu.sh BZIMAGE INITRAMFS LOG TIMEOUT [-- QEMU ARGS]}
initrd=${2:?}
log=${3:?}
tmo=${4:?}
shift 4
[ "${1:-}" = -- ] && shift
[ -f "$kernel" ] || die "no kernel at $kernel"
mkdir -p "$(dirname "$log")"
# la57=off: with 5-level paging in this guest, 5.10's nested SVM loops on
# nested page faults (see README).
cmd=("${QEMU_SYSTEM:-qemu-system-x86_64}" -machine "${QEMU_MACHINE:-q35}"
     -cpu "${QEMU_CPU:-max,la57=off}" -smp "${SMP:-2}" -m "${QEMU_MEM:-2G}"
     -nographic -no-reboot -nodefaults -serial stdio
     -kernel "$kernel" -initrd "$initrd"
     -append "console=ttyS0 panic=-1 ${APPEND:-}" "$@")
rc=0
if [ "${SHOW:-0}" = 1 ]; then
	timeout --foreground -k 10 "$tmo" "${cmd[@]}" </dev/null 2>&1 | tee "$log" || rc=${PIPESTATUS[0]}
else
	timeout -k 10 "$tmo" "${cmd[@]}" </dev/null >"$log" 2>&1 || rc=$?
fi
tail_log() { echo "---- last 30 console lines ($log) ----"; tail -n 30 "$log"; echo "----"; }
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	[ "${SHOW:-0}" = 1 ] || tail_log
	die "QEMU timed out after ${tmo}s"
fi
if [ "$rc" != 0 ]; then
	[ "${SHOW:-0}" = 1 ] || tail_log
	die "QEMU exited with $rc"
fi
if grep -q 'Kernel panic' "$log"; then
	[ "${SHOW:-0}" = 1 ] || tail_log
	die "the kernel panicked"
fi
