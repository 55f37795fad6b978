#!/usr/bin/env bash
# Build the unpatched base kernel and its kvm selftests next to the patched ones:
# a git worktree of build/linux at tag 'base' in build/linux-base, built into
# build/obj/linux-base and build/obj/selftests-linux-base. Benchmarks compare the two.
. "$(dirname "$0")/lib.sh"

if [ ! -d "$BASE_TREE" ]; then
	git -C "$TREE" worktree add -q --detach "$BASE_TREE" base
fi
[ "$(git -C "$BASE_TREE" rev-parse HEAD)" = "$(git -C "$TREE" rev-parse base)" ] ||
	die "$BASE_TREE is not at tag base"
"$TOP/scripts/build-kernel.sh" "$BASE_TREE" "$OBJ/linux-base"
"$TOP/scripts/build-selftests.sh" "$BASE_TREE" "$OBJ/selftests-linux-base"
