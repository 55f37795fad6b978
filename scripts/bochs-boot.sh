#!/usr/bin/env bash
# Boot a kernel under Bochs: bochs-boot.sh BZIMAGE INITRAMFS CONSOLE_LOG [TIMEOUT_S] [EXTRA_CMDLINE]
# (EXTRA_CMDLINE defaults to $APPEND, as for boot-qemu.sh.)
# Builds a 64 MB FAT disk with syslinux holding BZIMAGE and INITRAMFS, runs
# build/bochs/bin/bochs (scripts/bochs-build.sh) with bochs/bochsrc.sapphire_rapids,
# serial console to CONSOLE_LOG. Exit 0 only when the guest powered off by
# itself; a timeout or a kernel panic fails and prints the console tail.
# Environment: BOCHS_CPUS (1), BOCHS_MEGS (2048), BOCHS_RC (template),
# BOCHS_BIN (build/bochs/bin/bochs; BIOS images from ../share beside it),
# BOCHS_BIOS (../share/bios.bin, rombios; ../share/seabios.bin works too, slower),
# BOCHS_CMDLINE (base command line), BOCHS_KEEP=1 keeps the run directory.
. "$(dirname "$0")/lib.sh"

usage="usage: bochs-boot.sh BZIMAGE INITRAMFS CONSOLE_LOG [TIMEOUT_S] [EXTRA_CMDLINE]"
bzimage=$(realpath "${1:?$usage}")
initramfs=$(realpath "${2:?$usage}")
console=$(realpath -m "${3:?$usage}")
timeout_s=${4:-300}
extra=${5:-${APPEND:-}}
[ -f "$bzimage" ] || die "no kernel image: $bzimage"
[ -f "$initramfs" ] || die "no initramfs: $initramfs"
case $timeout_s in ''|*[!0-9]*) die "TIMEOUT_S must be a number of seconds" ;; esac

cpus=${BOCHS_CPUS:-1}
megs=${BOCHS_MEGS:-2048}
rc_template=${BOCHS_RC:-$TOP/bochs/bochsrc.sapphire_rapids}
cmdline="${BOCHS_CMDLINE:-console=ttyS0,115200 earlyprintk=serial,ttyS0,115200} $extra"
bochs=$(realpath -m "${BOCHS_BIN:-$BUILD/bochs/bin/bochs}")
share=$(dirname "$bochs")/../share
[ -x "$bochs" ] || die "no $bochs: run scripts/bochs-build.sh first"
bios=$(realpath -m "${BOCHS_BIOS:-$share/bios.bin}")
[ -f "$bios" ] || die "no BIOS image $bios"

# --- tools for the boot disk -------------------------------------------------
need_packages syslinux mtools dosfstools

# --- boot disk: 130 cylinders x 16 heads x 63 sectors (63.98 MiB), FAT16, no
# partition table (syslinux's boot sector in LBA 0) -------------------------------
mkdir -p "$BUILD/bochs-runs"
run=$(mktemp -d "$BUILD/bochs-runs/run.XXXXXX")
cleanup() {
	[ -n "${bochs_pid:-}" ] && kill "$bochs_pid" 2>/dev/null || true
	[ "${BOCHS_KEEP:-0}" = 1 ] || rm -rf "$run"
}
trap cleanup EXIT
cyls=130
disk=$run/disk.img
truncate -s $((cyls * 16 * 63 * 512)) "$disk"
mkfs.fat -F 16 -n AMXBOOT -g 16/63 -h 0 "$disk" >/dev/null || die "mkfs.fat failed"
sed "s|@APPEND@|$cmdline|" "$TOP/bochs/syslinux.cfg" >"$run/syslinux.cfg"
export MTOOLS_SKIP_CHECK=1
mcopy -i "$disk" "$bzimage" ::bzImage
mcopy -i "$disk" "$initramfs" ::initrd.img
mcopy -i "$disk" "$run/syslinux.cfg" ::syslinux.cfg
syslinux --install "$disk" || die "syslinux --install failed"

# --- bochsrc ---------------------------------------------------------------------
mkdir -p "$(dirname "$console")"
: >"$console"
sed -e "s|@BIOS@|$bios|" -e "s|@VGABIOS@|$share/vgabios-cirrus.bin|" \
    -e "s|@DISK@|$disk|" -e "s|@CYLS@|$cyls|" -e "s|@SERIAL@|$console|" \
    -e "s|@LOG@|$run/bochs.log|" -e "s|@CPUS@|$cpus|" -e "s|@MEGS@|$megs|g" \
    -e "s|@HOSTMEGS@|$((megs < 2048 ? megs : 2048))|" \
    -e "s|@MSRS@|$TOP/bochs/msrs.sapphire_rapids|" \
    "$rc_template" >"$run/bochsrc"

# --- run -----------------------------------------------------------------------------
note "bochs: $cpus CPU(s), $megs MB, timeout ${timeout_s}s, cmdline: $cmdline"
now_ms() { echo $(($(date +%s%N) / 1000000)); }
secs() { printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); }
t0=$(now_ms)
(cd "$run" && exec "$bochs" -q -f "$run/bochsrc" </dev/null >"$run/bochs.out" 2>&1) &
bochs_pid=$!
result=timeout
t_init=
cpu_init=
hz=$(getconf CLK_TCK)
cpu_ms=0
while :; do
	# CPU time Bochs got so far (the machine is shared: wall clock alone misleads)
	if read -r -a st 2>/dev/null </proc/"$bochs_pid"/stat; then
		cpu_ms=$(((st[13] + st[14]) * 1000 / hz))
	fi
	if ! kill -0 "$bochs_pid" 2>/dev/null; then
		wait "$bochs_pid" && rc=0 || rc=$?
		bochs_pid=
		if grep -q 'ACPI control: soft power off' "$run/bochs.out"; then
			result=poweroff
		else
			result="bochs exited (status $rc)"
		fi
		break
	fi
	if [ -z "$t_init" ] && grep -q 'Run /init as init process' "$console"; then
		t_init=$(now_ms)
		cpu_init=$cpu_ms
	fi
	if grep -q 'Kernel panic - not syncing' "$console"; then
		sleep 1
		result=panic
		break
	fi
	if [ $(($(now_ms) - t0)) -ge $((timeout_s * 1000)) ]; then
		result=timeout
		break
	fi
	sleep 0.2
done
t1=$(now_ms)
if [ -n "$bochs_pid" ]; then
	kill "$bochs_pid" 2>/dev/null || true
	wait "$bochs_pid" 2>/dev/null || true
	bochs_pid=
fi
cp "$run/bochs.log" "$console.bochs.log" 2>/dev/null || true
total=$(secs $((t1 - t0)))
to_init=n/a
[ -n "$t_init" ] && to_init=$(secs $((t_init - t0)))
cpu_to_init=n/a
[ -n "$cpu_init" ] && cpu_to_init=$(secs "$cpu_init")
note "bochs: $result after ${total} s wall, $(secs "$cpu_ms") s CPU (to /init: ${to_init} s wall, ${cpu_to_init} s CPU)"
if [ "$result" != poweroff ]; then
	echo "---- console tail ($console) ----" >&2
	tail -n 40 "$console" >&2
	echo "---- bochs output tail ----" >&2
	tail -n 10 "$run/bochs.out" >&2 || true
	die "bochs boot failed: $result"
fi
