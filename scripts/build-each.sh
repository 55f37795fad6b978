#!/usr/bin/env bash
# Build the kernel at every commit of the series in turn (bisectability), in a
# worktree of its own (build/linux-each), and say which patch breaks the
# build. Two configurations at each commit: the test kernel
# (config/kernel.config, into build/obj/linux-each) and the 32-bit math-emu
# kernel with KVM (config/kernel-i386.config, into build/obj/linux-each-i386).
# A warning from the compiler fails the build like an error does.
# FROM=N starts at patch N (the patches before it were built before).
. "$(dirname "$0")/lib.sh"

each=$BUILD/linux-each
[ -d "$TREE/.git" ] || die "no work tree (make tree)"
[ -d "$each" ] || git -C "$TREE" worktree add -q --detach "$each" base
commits=$(git -C "$TREE" rev-list --reverse base..HEAD)
[ -n "$commits" ] || { note "the series is empty: nothing to build"; exit 0; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
build() { # NAME OBJ [env...]
	local name=$1 obj=$2
	shift 2
	if ! env "$@" "$TOP/scripts/build-kernel.sh" "$each" "$obj" bzImage >"$log" 2>&1; then
		cat "$log"
		die "patch $i ($subj) does not build ($name)"
	fi
	# Compiler and objtool warnings (not kconfig's notes on the fragment)
	if grep -E ":[0-9]+:[0-9]+: warning:|\.o: warning:" "$log"; then
		die "patch $i ($subj) builds with warnings ($name)"
	fi
}
from=${FROM:-1}
i=0
for c in $commits; do
	i=$((i + 1))
	[ "$i" -ge "$from" ] || continue
	subj=$(git -C "$TREE" log -1 --format=%s "$c")
	git -C "$each" checkout -q --detach "$c"
	note "[$i] $subj"
	build x86_64 "$OBJ/linux-each"
	build i386 "$OBJ/linux-each-i386" KCONFIG_FRAGMENT="$TOP/config/kernel-i386.config" KARCH=i386
done
note "patches $from to $i build (x86_64 and i386 with math emulation)"
