#!/usr/bin/env bash
# Build the /init of the i386 math-emu bed: build-x87-init.sh OUT
# guest/x87-emu-init.c, freestanding (no C library), x87 only, for a 486.
. "$(dirname "$0")/lib.sh"

out=$(realpath -m "${1:?usage: build-x87-init.sh OUT}")
mkdir -p "$(dirname "$out")"
gcc -m32 -march=i486 -mfpmath=387 -mno-sse -fno-math-errno -ffreestanding \
	-nostdlib -static -fno-pic -no-pie -fno-stack-protector -O2 -Wall -Wextra -Werror \
	-o "$out" "$TOP/guest/x87-emu-init.c"
