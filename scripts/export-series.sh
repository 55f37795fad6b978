#!/usr/bin/env bash
# Rewrite series/ from the work tree's commits since 'base', plus our cover letter.
. "$(dirname "$0")/lib.sh"

[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted changes: commit them first"
rm -f "$TOP"/series/[0-9][0-9][0-9][0-9]-*.patch
"$TOP/scripts/format-series.sh" --cover "$TOP/series"
n=$(find "$TOP/series" -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' | wc -l)
note "exported $n patches to series/"
