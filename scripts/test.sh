#!/usr/bin/env bash
# make test: the whole pipeline, stage by stage, with durations.
# Ends with the line "N passed, N failed, N skipped"; exit 0 only if nothing
# unexpected happened.
#
# TEST_TREE=DIR tests another kernel tree instead of the work tree (no series
# stages): build/obj/NAME, build/obj/selftests-NAME and build/results/NAME,
# NAME being the tree's directory name. 'make test-base' uses it for the
# unpatched base.
. "$(dirname "$0")/lib.sh"

ktree=$TREE
kname=linux
st=$OBJ/selftests
if [ -n "${TEST_TREE:-}" ]; then
	ktree=$(realpath "$TEST_TREE")
	kname=$(basename "$ktree")
	st=$OBJ/selftests-$kname
	RESULTS=$RESULTS/$kname
fi
. "$TOP/scripts/beds.sh"
# Only this run's files: other trees' results live in subdirectories.
mkdir -p "$RESULTS"
rm -f "$RESULTS"/*.log "$RESULTS"/*.tap "$RESULTS"/*.txt
trap summary EXIT

stage deps "$S/install-deps.sh"
if [ -z "${TEST_TREE:-}" ]; then
	stage fetch "$S/fetch-base.sh"
	stage tree "$S/make-tree.sh"
	stage series "$S/check-series.sh"
fi

fail=0
beds="qemu qemu-i386 qemu-debug qemu-noxsave"
# BOCHS=0 leaves the Bochs beds out, BEDS="..." runs just those (and no
# sparse stage): quick runs while iterating.
[ "${BOCHS:-1}" = 1 ] && beds+=" bochs bochs-debug bochs-smp bochs-qemu"
for bed in ${BEDS:-$beds}; do
	run_bed "$bed" || fail=1
done
# sparse: no new warnings against the base (the series only).
if [ -z "${TEST_TREE:-}" ] && [ -z "${BEDS:-}" ]; then
	stage sparse "$S/check-warnings.sh" sparse || fail=1
fi

# The total over the beds.
awk '$2 ~ /^[0-9]+$/ && $3 == "passed," { p += $2; f += $4; s += $6 }
	END { printf "%d passed, %d failed, %d skipped\n", p, f + 0, s + 0 }' \
	"$RESULTS"/*-summary.txt >"$RESULTS/total.txt"
total=$(cat "$RESULTS/total.txt")
[ "$fail" = 0 ] || case $total in *" 0 failed,"*) total=${total/ 0 failed,/ 1 failed,} ;; esac
summary
trap - EXIT
echo "$total"
[ "$fail" = 0 ]
