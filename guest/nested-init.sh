#!/bin/sh
# /init of the nested (L2) guest in 'make run': shows the XSAVE features and
# state sizes of the CPU that KVM gives it (CPUID leaf 0xD, read through
# /dev/cpu/0/cpuid) and what its kernel made of them, then powers off.
mount -t proc proc /proc
mount -t devtmpfs dev /dev
echo "nested: hello from the L2 guest, Linux $(uname -r)"

# cpuid LEAF SUBLEAF: prints "eax ebx ecx edx" in hex. The device reads 16
# bytes at the file offset SUBLEAF << 32 | LEAF.
cpuid() {
	r=$(dd if=/dev/cpu/0/cpuid bs=16 count=1 skip=$(($2 * 4294967296 + $1)) \
		iflag=skip_bytes 2>/dev/null | od -An -tx4)
	echo ${r:-0 0 0 0}
}
set -- $(cpuid 0xd 0)
echo "nested: CPUID.0xD.0: XCR0 may hold 0x$4$1, XSAVE area for all of them $((0x$3)) bytes"
set -- $(cpuid 0xd 1)
echo "nested: CPUID.0xD.1: EAX=0x$1 (bit 0 XSAVEOPT, 1 XSAVEC, 3 XSAVES, 4 XFD)"
i=2
while [ $i -le 18 ]; do
	set -- $(cpuid 0xd $i)
	[ "$1" != 00000000 ] && echo "nested:   component $i: $((0x$1)) bytes at offset $((0x$2))"
	i=$((i + 1))
done
echo "nested: CPU flags: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' |
	grep -E '^(avx|avx2|avx512.*|xsave.*|pku|amx.*)$' | tr '\n' ' ')"
echo "nested: the L2 kernel's FPU setup:"
dmesg | grep 'x86/fpu:' | sed 's/^\[[^]]*\] /nested:   /'
echo "nested: done"
poweroff -f
