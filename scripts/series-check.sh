#!/usr/bin/env bash
# Fail, saying what differs, when build/linux holds work that series/ does not.
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || { echo "no work tree at build/linux: nothing to check"; exit 0; }
rc=0
dirty=$(git -C "$TREE" status --porcelain --untracked-files=no)
if [ -n "$dirty" ]; then
	echo "build/linux has uncommitted changes:"
	sed 's/^/  /' <<<"$dirty" | head -20
	rc=1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/tree" "$tmp/series"
"$TOP/scripts/format-series.sh" --cover "$tmp/tree"
cp "$TOP"/series/[0-9][0-9][0-9][0-9]-*.patch "$tmp/series/" 2>/dev/null || true
if ! diff -r -q "$tmp/series" "$tmp/tree" >"$tmp/diff"; then
	echo "series/ differs from the commits in build/linux (base..HEAD):"
	sed -e "s|$tmp/tree|build/linux|g" -e "s|$tmp/series|series|g" -e 's/^/  /' "$tmp/diff"
	rc=1
fi
[ $rc -eq 0 ] && echo "series/ holds build/linux: $(git -C "$TREE" rev-list --count base..HEAD) commits"
[ $rc -eq 0 ] || echo "run 'make export' and commit series/"
exit $rc
