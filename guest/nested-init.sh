#!/bin/sh
# /init of the nested (L2) guest in 'make run': shows what FPU state the CPU
# KVM gives it has, then powers off.
mount -t proc proc /proc
echo "nested: hello from the L2 guest, $(uname -r)"
echo "nested: XSAVE-related CPU flags:"
grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' |
	grep -E '^(fpu|sse|sse2|avx|avx2|avx512.*|xsave.*|pku|ospke|mpx|amx.*|xfd)$' | tr '\n' ' '
echo
echo "nested: FPU state sizes from the kernel log:"
dmesg | grep -E 'x86/fpu:' | sed 's/^\[[^]]*\] /  /'
poweroff -f
