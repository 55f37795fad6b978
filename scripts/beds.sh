# shellcheck shell=bash
# The test beds, for scripts/test.sh and scripts/run.sh. Source it after
# lib.sh; do not run it. A bed is declared once, in beds/BED.bed (kernel,
# /init, machine, expectations); run_bed BED builds what it needs, boots it
# and judges its console. The caller sets ktree (the kernel tree), kname
# (its name: build/obj/KNAME*) and st (its selftests' build directory);
# FOLLOW=1 shows the console while the bed boots.
S=$TOP/scripts
ktree=${ktree:-$TREE}
kname=${kname:-linux}
st=${st:-$OBJ/selftests}
start=$(date +%s)

# stage NAME CMD...: run a step, note its duration (summary prints them)
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
	# What was unexpected, last: a log's tail (all CI shows) names it.
	local bad
	bad=$(awk '/^\[[^]]*\] UNEXPECTED/ { p = 1; print; next }
		p && /^\[[^]]*\]   / { print; next } { p = 0 }' \
		"$RESULTS"/*-summary.txt 2>/dev/null)
	[ -z "$bad" ] || printf '== unexpected\n%s\n' "$bad"
}

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
	local tailer=""
	if [ "${FOLLOW:-0}" = 1 ]; then
		: >"$log"
		tail -n +1 -f "$log" &
		tailer=$!
	fi
	# Second tries for the tests its expectations say the bed makes flaky
	local retry
	retry=$("$S/check-results.py" --retry-arg "$TOP/expectations/$expect") || return 1
	# shellcheck disable=SC2086
	stage "$bed-boot" env $boot_env APPEND="$append${retry:+ $retry}" "$S/$boot" \
		"$kdir/arch/x86/boot/bzImage" "$initrd" "$log" "$timeout" || rc=1
	[ -z "$tailer" ] || { sleep 1; kill "$tailer" 2>/dev/null || true; }
	# shellcheck disable=SC2086
	stage "$bed-results" "$S/check-results.py" "$log" \
		"$TOP/expectations/$expect" "$bed" "$RESULTS" --sets="$sets" $judge || rc=1
	return $rc
}
