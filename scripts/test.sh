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

S=$TOP/scripts
ktree=$TREE
kname=linux
if [ -n "${TEST_TREE:-}" ]; then
	ktree=$(realpath "$TEST_TREE")
	kname=$(basename "$ktree")
	RESULTS=$RESULTS/$kname
fi
# Only this run's files: other trees' results live in subdirectories.
mkdir -p "$RESULTS"
rm -f "$RESULTS"/*.log "$RESULTS"/*.tap "$RESULTS"/*.txt
declare -a timings=()
stage() {
	local name=$1 t0 rc=0
	shift
	note "stage $name"
	t0=$(date +%s)
	"$@" || rc=$?
	timings+=("$(printf '%-16s %5ds%s' "$name" $(($(date +%s) - t0)) "$([ $rc -eq 0 ] || echo "  FAILED")")")
	return $rc
}
summary() {
	echo "== stage timings"
	printf '  %s\n' "${timings[@]}"
	printf '  %-16s %5ds\n' total $(($(date +%s) - start))
}
start=$(date +%s)
trap summary EXIT

stage deps "$S/install-deps.sh"
if [ -z "${TEST_TREE:-}" ]; then
	stage fetch "$S/fetch-base.sh"
	stage tree "$S/make-tree.sh"
	stage series "$S/check-series.sh"
	st=$OBJ/selftests
else
	st=$OBJ/selftests-$kname
fi
# The test beds (beds/*.bed: kernel, /init, machine, expectations), each
# booted and then judged; a failed boot is judged too, so the report names
# the test that hung. A kernel, an image or a prepare step is done by the
# first bed that needs it.
declare -A built=()
kernel_of() { # VARIANT CONFIG ARCH: build it once; sets kdir
	local f frags=""
	kdir=$OBJ/$kname${1:+-$1}
	for f in $2; do frags+=" $TOP/config/$f"; done
	[ -n "${built[k$1]:-}" ] && return 0
	KCONFIG_FRAGMENT=$frags KARCH=$3 stage "${1:+$1-}kernel" \
		"$S/build-kernel.sh" "$ktree" "$kdir" || return 1
	built[k$1]=1
}
image_of() { # IMAGE: build the initramfs once; sets initrd and its test sets
	initrd=$OBJ/$kname-$1-initramfs.cpio.gz
	case $1 in
	test) sets=kvm,x86 ;;
	x87) sets=x87 ;;
	qemu) sets=qemu ;;
	esac
	[ -n "${built[i$1]:-}" ] && return 0
	case $1 in
	test)
		stage selftests "$S/build-selftests.sh" "$ktree" "$st" &&
			stage initramfs "$S/build-initramfs.sh" "$initrd" \
				"$TOP/guest/test-init.sh" "$st/bin:selftests" ;;
	x87)
		stage x87-init "$S/build-x87-init.sh" "$OBJ/x87-emu-init" &&
			stage x87-initramfs "$S/build-initramfs.sh" "$initrd" \
				"$OBJ/x87-emu-init" ;;
	qemu)
		# Its guest: the same tree without the FPU KUnit suites
		local host=$kdir ok=1
		kernel_of guest "kernel.config kernel-guest.config" "" &&
			stage qemu-initramfs "$S/build-qemu-initramfs.sh" "$initrd" \
				"$kdir/arch/x86/boot/bzImage" || ok=0
		kdir=$host
		[ $ok = 1 ] ;;
	*) die "unknown image $1" ;;
	esac || return 1
	built[i$1]=1
}
run_bed() { # BED: build what it needs, boot it, judge its console
	local bed=$1 variant="" config="" arch="" image="" prepare="" boot=""
	local boot_env="" append="" timeout="" expect="" judge="" sets="" rc=0
	local log=$RESULTS/$bed-console.log
	[ -f "$TOP/beds/$bed.bed" ] || die "no bed beds/$bed.bed"
	# shellcheck source=../beds/qemu.bed
	. "$TOP/beds/$bed.bed"
	kernel_of "$variant" "$config" "$arch" || return 1
	image_of "$image" || return 1
	if [ -n "$prepare" ] && [ -z "${built[p$prepare]:-}" ]; then
		stage "${prepare%.sh}" "$S/$prepare" || return 1
		built[p$prepare]=1
	fi
	# shellcheck disable=SC2086
	stage "$bed-boot" env $boot_env APPEND="$append" "$S/$boot" \
		"$kdir/arch/x86/boot/bzImage" "$initrd" "$log" "$timeout" || rc=1
	# shellcheck disable=SC2086
	stage "$bed-results" "$S/check-results.py" "$log" \
		"$TOP/expectations/$expect" "$bed" "$RESULTS" --sets="$sets" $judge || rc=1
	return $rc
}

fail=0
beds="qemu qemu-i386 qemu-debug"
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
