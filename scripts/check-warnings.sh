#!/usr/bin/env bash
# check-warnings.sh w1|sparse: build the directories the series touches at
# 'base' and at the work tree's HEAD with one of the compile-time checks and
# fail on any warning that the series adds.
#   w1:     W=1 (separate build directories, objects rebuilt to see warnings)
#   sparse: sparse on every source file of those directories (C=2, Debian's
#           sparse), in the production build directories, nothing rebuilt
#           that is up to date
# Warnings are compared without line numbers, so moved code does not count.
# CHECK_TREE=DIR CHECK_OBJ=DIR check another tree than build/linux against
# the base (make check-checkers: a planted sparse warning).
. "$(dirname "$0")/lib.sh"

check=${1:?usage: check-warnings.sh w1|sparse}
case $check in
w1) flags=(W=1) ;;
sparse) need_packages sparse; flags=(C=2 CHECK=sparse) ;;
*) die "usage: check-warnings.sh w1|sparse" ;;
esac
[ -d "$BASE_TREE" ] || git -C "$TREE" worktree add -q --detach "$BASE_TREE" base
dirs=$(git -C "$TREE" diff --name-only base HEAD -- '*.c' '*.h' | xargs -r -n1 dirname |
	grep -v '^tools/' | grep -v '/include' | sort -u | sed 's|$|/|' | tr '\n' ' ')
[ -n "$dirs" ] || { note "$check: the series touches no kernel C directory"; exit 0; }
note "$check on: $dirs"
run() { # TREE OBJ LOG
	"$TOP/scripts/build-kernel.sh" "$1" "$2" prepare >/dev/null
	if [ "$check" = w1 ]; then
		# Objects that are up to date print no warnings: rebuild them
		# (ccache replays the compiler's warnings).
		for d in $dirs; do
			[ -d "$2/$d" ] && find "$2/$d" -maxdepth 1 -name '*.o' -delete
		done
	fi
	# shellcheck disable=SC2086
	make -C "$1" O="$2" CC="ccache gcc" "${flags[@]}" -j"$JOBS" $dirs 2>&1 >/dev/null |
		grep -E "(warning|error):" | sed -E -e "s|$1/||g" -e "s@^(\.\./)+[^/]+/@@" -e "s/:[0-9]+:[0-9]+:/:/" |
		sort -u >"$3" || true
}
mkdir -p "$RESULTS"
if [ "$check" = w1 ]; then
	obase=$OBJ/w1-base oseries=$OBJ/w1-linux
else
	obase=$OBJ/linux-base oseries=$OBJ/linux
fi
run "$BASE_TREE" "$obase" "$RESULTS/$check-base.txt"
run "${CHECK_TREE:-$TREE}" "${CHECK_OBJ:-$oseries}" "$RESULTS/$check-series.txt"
new=$(comm -13 "$RESULTS/$check-base.txt" "$RESULTS/$check-series.txt")
if [ -n "$new" ]; then
	echo "$check warnings the series adds:"
	sed 's/^/  /' <<<"$new"
	die "the series adds $check warnings"
fi
note "$check: no new warnings ($(wc -l <"$RESULTS/$check-base.txt") at base, $(wc -l <"$RESULTS/$check-series.txt") with the series)"
