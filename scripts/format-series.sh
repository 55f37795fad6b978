#!/usr/bin/env bash
# Write the commits base..HEAD of the work tree as patches into DIR, in a stable
# form: re-exporting an unchanged commit gives a byte-identical file.
# With --cover, also write 0000-cover-letter.patch from series/cover-letter.txt.
. "$(dirname "$0")/lib.sh"

cover=
[ "${1:-}" = --cover ] && { cover=1; shift; }
out=${1:?usage: format-series.sh [--cover] DIR}
mkdir -p "$out"
[ -d "$TREE/.git" ] || die "no work tree at $TREE (make tree)"
n=$(git -C "$TREE" rev-list --count base..HEAD)
[ "$n" -eq 0 ] && exit 0
args=(--zero-commit --no-signature --abbrev=12 --no-renames -o "$out")
[ "$n" -gt 1 ] && args+=(--numbered)
[ -n "$cover" ] && [ "$n" -gt 1 ] && args+=(--cover-letter)
git -C "$TREE" -c core.abbrev=12 -c diff.noprefix=false -c format.thread=false \
	-c format.signOff=false format-patch -q "${args[@]}" base..HEAD
[ -f "$out/0000-cover-letter.patch" ] || exit 0
# Replace format-patch's placeholders with our own cover letter.
python3 - "$out/0000-cover-letter.patch" "$TOP/series/cover-letter.txt" \
	"$(git -C "$TREE" log -1 --format=%aD HEAD)" <<'PY'
import re, sys
path, src, date = sys.argv[1:4]
text = open(path).read()
subject, _, blurb = open(src).read().partition("\n")
blurb = blurb.strip("\n")
text = text.replace("*** SUBJECT HERE ***", subject.strip())
text = text.replace("*** BLURB HERE ***", blurb)
# The cover letter's date is the newest author date, not "now".
text = re.sub(r"(?m)^Date: .*$", "Date: " + date, text, count=1)
open(path, "w").write(text)
PY
