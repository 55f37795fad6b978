#!/usr/bin/env bash
# Build the kvm selftests of a kernel tree, statically, out of tree:
# build-selftests.sh SRC OUT. Leaves the binaries in OUT/bin and the list of
# tests the kvm Makefile runs (TEST_GEN_PROGS, in its order) in OUT/bin/tests.txt.
. "$(dirname "$0")/lib.sh"

src=$(realpath "${1:?usage: build-selftests.sh SRC OUT}")
out=$(realpath -m "${2:?usage: build-selftests.sh SRC OUT}")
kvm=$src/tools/testing/selftests/kvm
mkdir -p "$out"
make -s -C "$src" O="$out/hdr" INSTALL_HDR_PATH="$out/usr" headers_install >/dev/null
# LDFLAGS from the environment: on the command line it would drop the
# Makefile's own -pthread -no-pie.
# KSFT_KHDR_INSTALL_DONE: the headers are installed above, out of tree; the
# kselftest default would run headers_install inside the source tree.
env LDFLAGS=-static make -s -C "$kvm" OUTPUT="$out/kvm" INSTALL_HDR_PATH="$out/usr" KSFT_KHDR_INSTALL_DONE=1 \
	-j"$JOBS" >"$out/build.log" 2>&1 || { tail -40 "$out/build.log"; die "kvm selftests failed to build"; }
rm -rf "$out/bin"
mkdir -p "$out/bin"
make -s -C "$kvm" OUTPUT="$out/kvm" INSTALL_HDR_PATH="$out/usr" COLLECTION=kvm emit_tests |
	sed -n 's/^kvm://p' >"$out/bin/tests.txt"
[ -s "$out/bin/tests.txt" ] || die "no kvm selftests listed"
while read -r t; do
	f=$(find "$out/kvm" -maxdepth 2 -type f -name "$t" | head -1)
	[ -n "$f" ] || die "kvm selftest $t was not built"
	cp "$f" "$out/bin/"
done <"$out/bin/tests.txt"
note "kvm selftests: $(wc -l <"$out/bin/tests.txt") built"
