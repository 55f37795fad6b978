#!/usr/bin/env bash
# Build the kernel at every commit of the series in turn (bisectability), in a
# worktree of its own (build/linux-each, built into build/obj/linux-each), and
# say which patch breaks the build.
. "$(dirname "$0")/lib.sh"

each=$BUILD/linux-each
[ -d "$TREE/.git" ] || die "no work tree (make tree)"
[ -d "$each" ] || git -C "$TREE" worktree add -q --detach "$each" base
commits=$(git -C "$TREE" rev-list --reverse base..HEAD)
[ -n "$commits" ] || { note "the series is empty: nothing to build"; exit 0; }
i=0
for c in $commits; do
	i=$((i + 1))
	subj=$(git -C "$TREE" log -1 --format=%s "$c")
	git -C "$each" checkout -q --detach "$c"
	note "[$i] $subj"
	"$TOP/scripts/build-kernel.sh" "$each" "$OBJ/linux-each" bzImage ||
		die "patch $i ($subj) does not build"
done
note "all $i patches build"
