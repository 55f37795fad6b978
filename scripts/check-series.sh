#!/usr/bin/env bash
# Check the patches in series/: each has a From:, our Signed-off-by: and a
# changelog, and scripts/checkpatch.pl --strict reports nothing that
# config/checkpatch-allow.txt does not allow. (That each applies with git am is
# checked when the work tree is made.)
. "$(dirname "$0")/lib.sh"

allow=$TOP/config/checkpatch-allow.txt
bad=0
n=0
for p in "$TOP"/series/[0-9][0-9][0-9][0-9]-*.patch; do
	[ -e "$p" ] || continue
	name=${p##*/}
	[ "$name" = 0000-cover-letter.patch ] && continue
	n=$((n + 1))
	grep -q '^From: ' "$p" || { echo "$name: no From:"; bad=1; }
	grep -qx "Signed-off-by: $PATCH_NAME <$PATCH_EMAIL>" "$p" ||
		{ echo "$name: no 'Signed-off-by: $PATCH_NAME <$PATCH_EMAIL>'"; bad=1; }
	# The changelog: the body between the headers and the first '---'.
	words=$(awk '/^$/ && !body { body = 1; next } body && /^---$/ { exit }
		body && !/^[A-Za-z-]+-by: / { print }' "$p" | wc -w)
	[ "$words" -ge 20 ] || { echo "$name: changelog has $words words: say why"; bad=1; }
	ignore=$(awk -v f="$name" '!/^#/ && NF >= 2 { if (f ~ glob($1)) print $2 }
		function glob(g) { gsub(/\./, "\\.", g); gsub(/\*/, ".*", g); return "^" g "$" }' "$allow" |
		paste -sd, -)
	out=$(cd "$TREE" && scripts/checkpatch.pl --strict --show-types --terse \
		${ignore:+--ignore "$ignore"} "$p" 2>&1) || true
	if grep -qE '(ERROR|WARNING|CHECK):' <<<"$out"; then
		echo "$name: checkpatch --strict:"
		grep -E '(ERROR|WARNING|CHECK):' <<<"$out" | sed 's/^/  /'
		bad=1
	fi
done
[ $bad -eq 0 ] || die "the series has problems (above)"
note "series: $n patches, each with From:, Signed-off-by:, changelog; checkpatch --strict clean"
