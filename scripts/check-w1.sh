#!/usr/bin/env bash
# W=1 on the directories the series touches: build them with W=1 at 'base'
# and at the work tree's HEAD and fail on any warning that the series adds.
# Warnings are compared without line numbers, so moved code does not count.
. "$(dirname "$0")/lib.sh"

[ -d "$BASE_TREE" ] || git -C "$TREE" worktree add -q --detach "$BASE_TREE" base
dirs=$(git -C "$TREE" diff --name-only base HEAD -- '*.c' '*.h' | xargs -r -n1 dirname |
	grep -v '^tools/' | grep -v '/include' | sort -u | sed 's|$|/|' | tr '\n' ' ')
[ -n "$dirs" ] || { note "W=1: the series touches no kernel C directory"; exit 0; }
note "W=1 on: $dirs"
w1() { # TREE OBJ LOG
	"$TOP/scripts/build-kernel.sh" "$1" "$2" prepare >/dev/null
	# Objects that are up to date print no warnings: rebuild them (ccache
	# replays the compiler's warnings).
	for d in $dirs; do
		[ -d "$2/$d" ] && find "$2/$d" -maxdepth 1 -name '*.o' -delete
	done
	# shellcheck disable=SC2086
	make -C "$1" O="$2" CC="ccache gcc" W=1 -j"$JOBS" $dirs 2>&1 >/dev/null |
		grep -E "warning:" | sed -E -e "s|$1/||g" -e "s@^(\.\./)+[^/]+/@@" -e "s/:[0-9]+:[0-9]+:/:/" |
		sort -u >"$3" || true
}
mkdir -p "$RESULTS"
w1 "$BASE_TREE" "$OBJ/w1-base" "$RESULTS/w1-base.txt"
w1 "$TREE" "$OBJ/w1-linux" "$RESULTS/w1-series.txt"
new=$(comm -13 "$RESULTS/w1-base.txt" "$RESULTS/w1-series.txt")
if [ -n "$new" ]; then
	echo "W=1 warnings the series adds:"
	sed 's/^/  /' <<<"$new"
	die "the series adds W=1 warnings"
fi
note "W=1: no new warnings ($(wc -l <"$RESULTS/w1-base.txt") at base, $(wc -l <"$RESULTS/w1-series.txt") with the series)"
