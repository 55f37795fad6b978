#!/usr/bin/env bash
# make bench: the FPU benchmarks on the unpatched base and on the patched
# kernel, booted alternately on each bed in one run: fpu_bench (from the
# series' kvm selftests: KVM_RUN round trips, FPU memory per vCPU) and
# guest/xstate_bench.c (signal delivery and context switch, which the xstate
# changes touch for every process; where AMX is offered, the vmalloc'ed
# fpstate of a process before and after its first tile instruction); prints
# each figure with the patched/base ratio (on Bochs also for the patched
# kernel with AMX off, clearcpuid=600). Then the patched debug kernel
# (config/kernel-debug.config, which has the msr tracepoints) once per bed,
# for the IA32_XFD writes per context switch.
# BEDS ("qemu bochs"); ROUNDS (2) boots of each kernel per bed; BENCH_ARGS
# (comma-separated) for fpu_bench.
. "$(dirname "$0")/lib.sh"

rounds=${ROUNDS:-2}
beds=${BEDS:-qemu bochs}
"$TOP/scripts/build-base.sh"
"$TOP/scripts/build-kernel.sh" "$TREE" "$OBJ/linux"
KCONFIG_FRAGMENT="$TOP/config/kernel.config $TOP/config/kernel-debug.config" \
	"$TOP/scripts/build-kernel.sh" "$TREE" "$OBJ/linux-debug"
case " $beds " in *" bochs "*) "$TOP/scripts/bochs-build.sh" ;; esac
"$TOP/scripts/build-selftests.sh" "$TREE" "$OBJ/selftests"
bench=$OBJ/selftests/kvm/x86_64/fpu_bench
[ -x "$bench" ] || die "no fpu_bench in the series' selftests"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$bench" "$stage/"
gcc -O2 -Wall -static -pthread -o "$stage/xstate_bench" "$TOP/guest/xstate_bench.c" ||
	die "guest/xstate_bench.c does not build"
"$TOP/scripts/build-initramfs.sh" "$OBJ/bench-initramfs.cpio.gz" "$TOP/guest/bench-init.sh" "$stage:kvm"

out=$RESULTS/bench
rm -rf "$out"
mkdir -p "$out"
boot() { # BED KERNEL LOG [CMDLINE]
	local img=$OBJ/$2/arch/x86/boot/bzImage initrd=$OBJ/bench-initramfs.cpio.gz
	local cmdline="bench.args=${BENCH_ARGS:-} ${4:-}"
	case $1 in
	qemu) APPEND="$cmdline" "$TOP/scripts/boot-qemu.sh" "$img" "$initrd" "$3" 1800 ;;
	bochs) "$TOP/scripts/bochs-boot.sh" "$img" "$initrd" "$3" 5400 "$cmdline" ;;
	*) die "no bed $1 (qemu, bochs)" ;;
	esac
	grep -q '^# bench: exit=0' "$3" || { tail -20 "$3"; die "a benchmark failed on $2 ($1)"; }
}
# On Bochs, the patched kernel also with AMX off (clearcpuid=600, i.e.
# X86_FEATURE_AMX_TILE): XCR0 as the base has it, so that its ratio is the
# cost of the series' code, apart from the cost of the AMX state in XCR0.
for bed in $beds; do
	variants="linux-base linux"
	[ "$bed" = bochs ] && variants+=" linux-noamx"
	for r in $(seq "$rounds"); do
		for v in $variants; do
			note "$bed, round $r: $v"
			case $v in
			linux-noamx) boot "$bed" linux "$out/$bed-$v-$r.log" clearcpuid=600 ;;
			*) boot "$bed" "$v" "$out/$bed-$v-$r.log" ;;
			esac
		done
	done
	note "$bed: linux-debug (XFD writes)"
	boot "$bed" linux-debug "$out/$bed-linux-debug.log" bench.xstate_only=1
done
python3 - "$out" "$rounds" $beds <<'PY' | tee "$out/summary.txt"
import os, re, statistics, sys
out, rounds, beds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
NAMES = ("kvm_run_roundtrip_ns|fpu_bytes_per_vcpu|meminfo_bytes_per_vcpu|"
         "signal_roundtrip_ns|context_switch_ns|task_struct_bytes|"
         "amx_fpstate_vmalloc_bytes|xfd_msr_writes_nonamx|xfd_msr_writes_amx_nonamx")
def figures(logs):
    vals = {}
    for log in logs:
        for line in open(log, errors="replace"):
            line = re.sub(r"^\[\s*\d+\.\d+\] ", "", line.strip())
            m = re.match(rf"^({NAMES}) (.*)$", line)
            if not m:
                continue
            for k, v in re.findall(r"(\w+)=(-?[\d.]+)", m.group(2)):
                vals.setdefault(f"{m.group(1)}.{k}", []).append(float(v))
    return {k: statistics.median(v) for k, v in vals.items()}
def fmt(x):
    return "-" if x is None else (f"{x:.0f}" if x == int(x) or x >= 100 else f"{x:.4f}")
for bed in beds:
    logs = lambda v: [f"{out}/{bed}-{v}-{r}.log" for r in range(1, rounds + 1)]
    base, patched = figures(logs("linux-base")), figures(logs("linux"))
    noamx = figures(logs("linux-noamx")) if os.path.exists(logs("linux-noamx")[0]) else None
    debug = figures([f"{out}/{bed}-linux-debug.log"])
    ratio = lambda p, b: f"{p / b:7.3f}" if b and p is not None else "      -"
    print(f"== {bed}")
    head = f"{'figure (median of %d boots each)' % rounds:44} {'base':>12} {'patched':>12} {'ratio':>7}"
    print(head + (f" {'AMX off':>12} {'ratio':>7}" if noamx else ""))
    for k in sorted(set(base) | set(patched)):
        b, p = base.get(k), patched.get(k)
        line = f"{k:44} {fmt(b):>12} {fmt(p):>12} {ratio(p, b)}"
        if noamx:
            n = noamx.get(k)
            line += f" {fmt(n):>12} {ratio(n, b)}"
        print(line)
    print(f"-- {bed}, patched debug kernel (msr tracepoint on 0x1c4; absent: no XFD writes traced)")
    for k in sorted(k for k in debug if k.startswith("xfd_msr_writes")):
        print(f"{k:44} {fmt(debug[k]):>12}")
    if not any(k.startswith("xfd_msr_writes") for k in debug):
        print("xfd_msr_writes: none reported (see the log)")
PY
