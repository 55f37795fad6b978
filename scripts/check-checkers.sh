#!/usr/bin/env bash
# make check-checkers: show that each checker of the debug kernel catches a
# bug of its kind. For each checkers/planted/NAME.patch: apply it to a
# scratch worktree of build/linux at HEAD (build/planted/linux), build the
# debug kernel there (build/planted/obj/linux, incremental; the same
# relative paths as build/obj/linux-debug, so ccache hits), boot it on the
# QEMU bed running the patch's "Test:" selftest, and pass only if make
# test's judge, reading that console, reports a problem matching the
# patch's "Expect:" (an extended regexp). "Test: check-sparse" runs make
# test's sparse stage on the planted tree instead. A plant that is not
# caught fails the target. Results in build/results/checkers/.
# PLANTS="a b" runs only those.
. "$(dirname "$0")/lib.sh"

dir=$TOP/checkers/planted
wt=$BUILD/planted/linux
obj=$BUILD/planted/obj/linux
out=$RESULTS/checkers
initrd=$OBJ/linux-test-initramfs.cpio.gz
[ -f "$initrd" ] || die "no $initrd: run make test (or its initramfs stage) first"
mkdir -p "$out"
rm -f "$out"/*
mkdir -p "$(dirname "$wt")"
if [ ! -d "$wt" ]; then
	git -C "$TREE" worktree add -q --detach "$wt" HEAD
fi
git -C "$wt" checkout -q --detach "$(git -C "$TREE" rev-parse HEAD)"
plants=${PLANTS:-$(cd "$dir" && ls ./*.patch | sed 's|^\./||; s|\.patch$||')}
pass=0 fail=0
for p in $plants; do
	patch=$dir/$p.patch
	field() { sed -n "s/^$1: //p" "$patch" | head -n 1; }
	test=$(field Test)
	expect=$(field Expect)
	[ -n "$test" ] && [ -n "$expect" ] || die "$patch: no Test: or Expect: line"
	note "plant $p ($(field Checker)): $test, expecting /$expect/"
	git -C "$wt" checkout -q -f HEAD
	git -C "$wt" apply "$patch" || die "$patch does not apply to build/linux HEAD"
	log=$out/$p-console.log
	verdict=missed
	if [ "$test" = check-sparse ]; then
		# Not a boot: the sparse stage of make test, on the planted tree.
		CHECK_TREE=$wt CHECK_OBJ=$BUILD/planted/obj/sparse RESULTS=$out \
			"$TOP/scripts/check-warnings.sh" sparse >"$out/$p-judge.txt" 2>&1 || true
		grep -qE -- "$expect" "$out/$p-judge.txt" && verdict=caught
	elif KCONFIG_FRAGMENT="$TOP/config/kernel.config $TOP/config/kernel-debug.config" \
		"$TOP/scripts/build-kernel.sh" "$wt" "$obj"; then
		APPEND="ktest.only=$test kasan_multi_shot" "$TOP/scripts/boot-qemu.sh" \
			"$obj/arch/x86/boot/bzImage" "$initrd" "$log" 1200 || true
		# The judge's reading of the console: what it would fail make test on.
		"$TOP/scripts/check-results.py" "$log" "$TOP/expectations/qemu.txt" \
			"planted-$p" "$out" --checkers >"$out/$p-judge.txt" || true
		if grep -qE -- "$expect" "$out/$p-judge.txt"; then
			verdict=caught
		fi
	else
		verdict="did not build"
	fi
	echo "plant $p: $verdict ($(field Checker))" | tee -a "$out/summary.txt"
	if [ "$verdict" = caught ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
git -C "$wt" checkout -q -f HEAD
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
