#!/usr/bin/env bash
# make bench: the FPU benchmarks on the unpatched base and on the patched
# kernel, booted alternately under QEMU in one run: fpu_bench (from the series'
# kvm selftests: KVM_RUN round trips, FPU memory per vCPU) and
# guest/xstate_bench.c (signal delivery and context switch, which the xstate
# changes touch for every process); prints each figure with the patched/base
# ratio.
# ROUNDS (2) boots of each kernel; BENCH_ARGS (comma-separated) for fpu_bench.
. "$(dirname "$0")/lib.sh"

rounds=${ROUNDS:-2}
"$TOP/scripts/build-base.sh"
"$TOP/scripts/build-kernel.sh" "$TREE" "$OBJ/linux"
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
mkdir -p "$out"
for r in $(seq "$rounds"); do
	for k in linux-base linux; do
		note "round $r: $k"
		APPEND="bench.args=${BENCH_ARGS:-}" "$TOP/scripts/boot-qemu.sh" \
			"$OBJ/$k/arch/x86/boot/bzImage" "$OBJ/bench-initramfs.cpio.gz" \
			"$out/$k-$r.log" 1200
		grep -q '^# bench: exit=0' "$out/$k-$r.log" ||
			{ tail -20 "$out/$k-$r.log"; die "a benchmark failed on $k"; }
	done
done
python3 - "$out" "$rounds" <<'PY' | tee "$out/summary.txt"
import re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def figures(kernel):
    vals = {}
    for r in range(1, rounds + 1):
        for line in open(f"{out}/{kernel}-{r}.log", errors="replace"):
            line = re.sub(r"^\[\s*\d+\.\d+\] ", "", line.strip())
            m = re.match(r"^(kvm_run_roundtrip_ns|fpu_bytes_per_vcpu|meminfo_bytes_per_vcpu|signal_roundtrip_ns|context_switch_ns|task_struct_bytes) (.*)$", line)
            if not m:
                continue
            for k, v in re.findall(r"(\w+)=(-?[\d.]+)", m.group(2)):
                vals.setdefault(f"{m.group(1)}.{k}", []).append(float(v))
    return {k: statistics.median(v) for k, v in vals.items()}
base, patched = figures("linux-base"), figures("linux")
print(f"{'figure (median of %d boots each)' % rounds:44} {'base':>12} {'patched':>12} {'ratio':>7}")
for k in sorted(set(base) | set(patched)):
    b, p = base.get(k), patched.get(k)
    ratio = f"{p / b:7.3f}" if b and p is not None else "      -"
    fmt = lambda x: "-" if x is None else f"{x:.0f}"
    print(f"{k:44} {fmt(b):>12} {fmt(p):>12} {ratio}")
PY
