#!/usr/bin/env bash
# Create build/linux: the base as a git repository (deterministic commit, tagged
# 'base') with the series applied by git am. An existing work tree is reused when
# it already holds the series, re-applied when it holds nothing that the series
# lacks, and otherwise left alone with an error.
. "$(dirname "$0")/lib.sh"

patches=()
for p in "$TOP"/series/[0-9][0-9][0-9][0-9]-*.patch; do
	[ -e "$p" ] || continue
	case $p in */0000-cover-letter.patch) continue ;; esac
	patches+=("$p")
done

git_base() {
	GIT_AUTHOR_NAME="Debian $BASE_PKG" GIT_AUTHOR_EMAIL="nobody@debian.org" \
	GIT_COMMITTER_NAME="Debian $BASE_PKG" GIT_COMMITTER_EMAIL="nobody@debian.org" \
	GIT_AUTHOR_DATE="$BASE_DATE" GIT_COMMITTER_DATE="$BASE_DATE" "$@"
}

apply_series() {
	local p
	for p in "${patches[@]}"; do
		if ! git -C "$TREE" am -q --keep-cr "$p"; then
			echo "error: ${p#"$TOP"/} does not apply to the work tree:" >&2
			git -C "$TREE" am --show-current-patch=diff >/dev/null 2>&1 || true
			git -C "$TREE" am --abort
			exit 1
		fi
	done
	note "work tree: base + ${#patches[@]} patches"
}

if [ ! -d "$TREE/.git" ]; then
	"$TOP/scripts/fetch-base.sh"
	note "unpacking $BASE_ORIG into ${TREE#"$TOP"/}"
	rm -rf "$TREE" "$TREE.tmp"
	mkdir -p "$TREE.tmp"
	tar -xJf "$BUILD/dl/$BASE_ORIG" -C "$TREE.tmp" --strip-components=1
	cd "$TREE.tmp"
	git init -q -b master
	git config user.name "$PATCH_NAME"
	git config user.email "$PATCH_EMAIL"
	git add -A -f .
	git_base git commit -q -m "Linux $BASE_VERSION (Debian $BASE_PKG $BASE_DEB_VERSION orig tarball)"
	git tag base
	cd "$TOP"
	mv "$TREE.tmp" "$TREE"
	apply_series
	exit 0
fi

# An existing work tree.
git -C "$TREE" config user.name "$PATCH_NAME"
git -C "$TREE" config user.email "$PATCH_EMAIL"
if "$TOP/scripts/series-check.sh" >/dev/null 2>&1; then
	note "work tree holds the series"
	exit 0
fi
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted changes: commit and 'make export', or discard them"
# Every commit of the tree must be in the series (by its diff), or we would lose it.
series_ids=$(for p in "${patches[@]}"; do git -C "$TREE" patch-id --stable <"$p"; done | cut -d' ' -f1)
lost=0
for c in $(git -C "$TREE" rev-list --reverse base..HEAD); do
	id=$(git -C "$TREE" show "$c" | git -C "$TREE" patch-id --stable | cut -d' ' -f1)
	if [ -n "$id" ] && ! grep -qx "$id" <<<"$series_ids"; then
		echo "not in series/: $(git -C "$TREE" log -1 --format='%h %s' "$c")" >&2
		lost=1
	fi
done
[ $lost -eq 0 ] || die "build/linux has commits that series/ lacks: 'make export' them, or reset build/linux to base"
note "re-applying the series on base"
git -C "$TREE" checkout -q -B master base
apply_series
