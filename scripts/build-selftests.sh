#!/usr/bin/env bash
# Build the kvm and x86 selftests of a kernel tree, statically, out of tree:
# build-selftests.sh SRC OUT. Leaves each set's binaries in OUT/bin/SET and
# the list of tests its Makefile runs (in its order) in OUT/bin/SET/tests.txt;
# the test /init runs every set it finds there.
. "$(dirname "$0")/lib.sh"

# The x86 set builds its 32-bit variants too (they run under IA32_EMULATION).
need_packages gcc-multilib libc6-dev-i386

src=$(realpath "${1:?usage: build-selftests.sh SRC OUT}")
out=$(realpath -m "${2:?usage: build-selftests.sh SRC OUT}")
mkdir -p "$out"
make -s -C "$src" O="$out/hdr" INSTALL_HDR_PATH="$out/usr" headers_install >/dev/null
rm -rf "$out/bin"

# build_set SET MAKE-ENV...: build tools/testing/selftests/SET into OUT/SET
# and copy what its Makefile would run to OUT/bin/SET.
build_set() {
	local set=$1 dir=$src/tools/testing/selftests/$1 t f
	shift
	mkdir -p "$out/$set"
	# KSFT_KHDR_INSTALL_DONE: the headers are installed above, out of tree;
	# the kselftest default would run headers_install inside the source tree.
	# A failed build leaves nothing behind that make would take as built.
	env "$@" make -s -C "$dir" OUTPUT="$out/$set" INSTALL_HDR_PATH="$out/usr" \
		KSFT_KHDR_INSTALL_DONE=1 -j"$JOBS" >"$out/$set-build.log" 2>&1 ||
		{ tail -40 "$out/$set-build.log"; rm -rf "${out:?}/$set"
		  die "$set selftests failed to build"; }
	mkdir -p "$out/bin/$set"
	make -s -C "$dir" OUTPUT="$out/$set" INSTALL_HDR_PATH="$out/usr" COLLECTION="$set" \
		emit_tests | sed -n "s/^$set://p" >"$out/bin/$set/tests.txt"
	[ -s "$out/bin/$set/tests.txt" ] || die "no $set selftests listed"
	while read -r t; do
		f=$(find "$out/$set" -maxdepth 2 -type f -name "$t" | head -1)
		[ -n "$f" ] || die "$set selftest $t was not built"
		file -L "$f" | grep -q 'statically linked' || die "$set selftest $t is not static"
		cp "$f" "$out/bin/$set/"
	done <"$out/bin/$set/tests.txt"
	note "$set selftests: $(wc -l <"$out/bin/$set/tests.txt") built"
}

# LDFLAGS (kvm) and EXTRA_CFLAGS (x86) from the environment: on the command
# line they would replace what the Makefiles add to them. The x86 tests
# predate glibc 2.34's run-time SIGSTKSZ (config/selftests-sigstksz.h).
build_set kvm LDFLAGS=-static
build_set x86 EXTRA_CFLAGS="-static -include $TOP/config/selftests-sigstksz.h"
grep -q '_32$' "$out/bin/x86/tests.txt" || die "the 32-bit x86 selftests were not built"
