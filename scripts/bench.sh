#!/usr/bin/env bash
# make bench: the FPU benchmarks on the unpatched base and on the patched
# kernel, booted alternately on each bed in one run: fpu_bench (from the
# series' kvm selftests: KVM_RUN round trips, FPU memory per vCPU) and
# guest/xstate_bench.c (signal delivery and context switch, which the xstate
# changes touch for every process; where AMX is offered, the vmalloc'ed
# fpstate of a process before and after its first tile instruction); prints
# each figure with the patched/base ratio (on Bochs also for the patched
# kernel with AMX off, clearcpuid=600). Where the kernel grants a process
# guest AMX, fpu_bench also gives the FPU memory of vCPUs whose guest enables
# tile data without and with using it, and the KVM_RUN round trip of a guest
# with live tile data; the summary shows that against the round trip of the
# plain guest of the same kernel. On the QEMU bed, whose timings vary from
# boot to boot, also the exact figure: the base and the patched kernel once
# more each, with one vCPU and the TCG plugin scripts/kinsn.c, which counts
# the kernel's instructions per KVM_RUN round trip. Then the patched debug kernel
# (config/kernel-debug.config, which has the msr tracepoints) once per bed,
# for the IA32_XFD writes per context switch and per KVM_RUN round trip.
# On Bochs also Debian's Linux 6.12 (scripts/fetch-debian-kernel.sh), with
# the same binaries: upstream's eager growth of the guest fpstate, against
# which the AMX guests' FPU memory is compared.
# Figures a kernel does not report show as '-'.
# BEDS ("qemu bochs"); ROUNDS (2) boots of each kernel per bed; BENCH_ARGS
# (comma-separated) for fpu_bench.
. "$(dirname "$0")/lib.sh"

rounds=${ROUNDS:-2}
beds=${BEDS:-qemu bochs}
"$TOP/scripts/build-base.sh"
"$TOP/scripts/build-kernel.sh" "$TREE" "$OBJ/linux"
KCONFIG_FRAGMENT="$TOP/config/kernel.config $TOP/config/kernel-debug.config" \
	"$TOP/scripts/build-kernel.sh" "$TREE" "$OBJ/linux-debug"
case " $beds " in *" bochs "*)
	"$TOP/scripts/bochs-build.sh"
	"$TOP/scripts/fetch-debian-kernel.sh" ;;
esac
"$TOP/scripts/build-selftests.sh" "$TREE" "$OBJ/selftests"
bench=$OBJ/selftests/kvm/x86_64/fpu_bench
[ -x "$bench" ] || die "no fpu_bench in the series' selftests"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$bench" "$stage/"
gcc -O2 -Wall -static -pthread -o "$stage/xstate_bench" "$TOP/guest/xstate_bench.c" ||
	die "guest/xstate_bench.c does not build"
# The QEMU bed's exact figure: the kernel's instructions per KVM_RUN round
# trip, counted by a TCG plugin between calls of fpu_bench's ioctl()
gcc -O2 -Wall -shared -fPIC -o "$stage/kinsn.so" "$TOP/scripts/kinsn.c" ||
	die "scripts/kinsn.c does not build"
mark=0x$(nm "$bench" | awk '$3 == "ioctl" { print $1 }')
[ "$mark" != 0x ] || die "no ioctl() in $bench"
"$TOP/scripts/build-initramfs.sh" "$OBJ/bench-initramfs.cpio.gz" "$TOP/guest/bench-init.sh" "$stage:kvm"
# Linux 6.12 has KVM as modules, which bench-init.sh loads if they are there
case " $beds " in *" bochs "*)
	"$TOP/scripts/build-initramfs.sh" "$OBJ/bench-initramfs-6.12.cpio.gz" \
		"$TOP/guest/bench-init.sh" "$stage:kvm" "$BUILD/debian-6.12/modules:lib/modules" ;;
esac

out=$RESULTS/bench
rm -rf "$out"
mkdir -p "$out"
boot() { # BED KERNEL LOG [CMDLINE [QEMU ARGS...]]
	local img=$OBJ/$2/arch/x86/boot/bzImage initrd=$OBJ/bench-initramfs.cpio.gz
	local cmdline="bench.args=${BENCH_ARGS:-} ${4:-}"
	if [ "$2" = linux-6.12 ]; then
		# Memory figures only (-m): 6.12 rejects the 5.10 library's vCPU setup
		img=$BUILD/debian-6.12/vmlinuz
		initrd=$OBJ/bench-initramfs-6.12.cpio.gz
		cmdline="bench.args=${BENCH_ARGS:+$BENCH_ARGS,}-m ${4:-}"
	fi
	case $1 in
	qemu) APPEND="$cmdline" "$TOP/scripts/boot-qemu.sh" "$img" "$initrd" "$3" 1800 -- "${@:5}" ;;
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
	[ "$bed" = bochs ] && variants+=" linux-noamx linux-6.12"
	for r in $(seq "$rounds"); do
		for v in $variants; do
			note "$bed, round $r: $v"
			case $v in
			linux-noamx) boot "$bed" linux "$out/$bed-$v-$r.log" clearcpuid=600 ;;
			*) boot "$bed" "$v" "$out/$bed-$v-$r.log" ;;
			esac
		done
	done
	if [ "$bed" = qemu ]; then
		for v in linux-base linux; do
			note "$bed: $v (kernel instructions per round trip, 1 vCPU)"
			SMP=1 boot "$bed" "$v" "$out/$bed-$v-kinsn-console.log" "" \
				-plugin "$stage/kinsn.so,mark=$mark,out=$out/$bed-$v-kinsn.log,name=kvm_run_roundtrip_kinsn"
		done
	fi
	note "$bed: linux-debug (XFD writes)"
	boot "$bed" linux-debug "$out/$bed-linux-debug.log" bench.xstate_only=1
done
python3 - "$out" "$rounds" $beds <<'PY' | tee "$out/summary.txt"
import os, re, statistics, sys
out, rounds, beds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
NAMES = ("kvm_run_roundtrip_ns|kvm_run_roundtrip_amx_ns|kvm_run_roundtrip_kinsn|fpu_bytes_per_vcpu|"
         "fpu_bytes_per_vcpu_amx_cpuid|fpu_bytes_per_vcpu_amx_unused|fpu_bytes_per_vcpu_amx_used|"
         "meminfo_bytes_per_vcpu|"
         "signal_roundtrip_ns|context_switch_ns|task_struct_bytes|"
         "amx_fpstate_vmalloc_bytes|xfd_msr_writes_nonamx|xfd_msr_writes_amx_nonamx|"
         "xfd_msr_writes_kvm_nonamx|xfd_msr_writes_kvm_amx|xfd_msr_writes_kvm_amx_armed")
# Logs that are not there (a kernel not booted) give no figures
def figures(logs):
    vals = {}
    for log in logs:
        if not os.path.exists(log):
            continue
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
ratio = lambda p, b: f"{p / b:7.3f}" if b and p is not None else "      -"
for bed in beds:
    logs = lambda v: ([f"{out}/{bed}-{v}-{r}.log" for r in range(1, rounds + 1)] +
                      [f"{out}/{bed}-{v}-kinsn.log"])
    base, patched = figures(logs("linux-base")), figures(logs("linux"))
    noamx = figures(logs("linux-noamx")) if os.path.exists(logs("linux-noamx")[0]) else None
    debug = figures([f"{out}/{bed}-linux-debug.log"])
    upstream = figures(logs("linux-6.12")) if os.path.exists(logs("linux-6.12")[0]) else None
    kernels = [base, patched] + ([noamx] if noamx is not None else [])
    print(f"== {bed}")
    head = f"{'figure (median of %d boots each)' % rounds:44} {'base':>12} {'patched':>12} {'ratio':>7}"
    print(head + (f" {'AMX off':>12} {'ratio':>7}" if noamx is not None else ""))
    for k in sorted(set().union(*kernels)):
        b, p = base.get(k), patched.get(k)
        line = f"{k:44} {fmt(b):>12} {fmt(p):>12} {ratio(p, b)}"
        if noamx is not None:
            n = noamx.get(k)
            line += f" {fmt(n):>12} {ratio(n, b)}"
        print(line)
    if upstream is not None:
        # Debian's 6.12: the patched kernel's figures against upstream's
        print(f"-- {bed}, patched against Debian's Linux 6.12 (upstream AMX for KVM, eager growth)")
        print(f"{'figure':44} {'6.12':>12} {'patched':>12} {'ratio':>7}")
        for k in sorted(k for k in upstream if k.startswith(("fpu_bytes", "kvm_run"))):
            print(f"{k:44} {fmt(upstream[k]):>12} {fmt(patched.get(k)):>12} "
                  f"{ratio(patched.get(k), upstream[k])}")
        # 6.12 has grown at KVM_SET_CPUID2 to the full size, which no run
        # of the guest changes: the patched kernel's guests after their run
        up = upstream.get("fpu_bytes_per_vcpu_amx_cpuid.total")
        for what, k in (("permitted AMX, never used", "fpu_bytes_per_vcpu_amx_unused.total"),
                        ("AMX used", "fpu_bytes_per_vcpu_amx_used.total")):
            print(f"{what + ' (patched, after run) / 6.12 (CPUID)':44} {fmt(up):>12} "
                  f"{fmt(patched.get(k)):>12} {ratio(patched.get(k), up)}")
    # Per kernel: what a guest with live tile data costs per round trip
    amx = "kvm_run_roundtrip_amx_ns.median"
    plain = "kvm_run_roundtrip_ns.median"
    print(f"-- {bed}, KVM_RUN round trip median, AMX guest / non-AMX guest, same kernel")
    print(f"{'kernel':44} {'AMX guest':>12} {'non-AMX':>12} {'ratio':>7}")
    for name, f in zip(("base", "patched", "AMX off", "6.12"),
                       kernels + ([upstream] if upstream is not None else [])):
        print(f"{name:44} {fmt(f.get(amx)):>12} {fmt(f.get(plain)):>12} "
              f"{ratio(f.get(amx), f.get(plain))}")
    print(f"-- {bed}, patched debug kernel (msr tracepoint on 0x1c4; absent: no XFD writes traced)")
    xfd = sorted(k for k in debug if k.startswith("xfd_msr_writes"))
    for what, keys in (("context switches", [k for k in xfd if "_kvm_" not in k]),
                       ("KVM_RUN round trips", [k for k in xfd if "_kvm_" in k])):
        print(f"   {what}:")
        for k in keys:
            print(f"{k:44} {fmt(debug[k]):>12}")
        if not keys:
            print("xfd_msr_writes: none reported (see the log)")
PY
