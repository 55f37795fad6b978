# The harness of the KVM AMX series on Linux 5.10. See README.md.
S := scripts
B := build

.PHONY: test run tree export series-check check-series deps kernel selftests \
	base-kernel test-base build-each check-w1 check-sparse check-checkers bench calibrate clean help

help:
	@sed -n 's/^## //p' README.md

# The test command (and what .ci/run runs): everything, end to end.
test:
	$(S)/test.sh

# The patched host on Bochs runs Debian's QEMU on an AMX guest (BED=qemu: the QEMU bed).
run: kernel
	$(S)/run.sh

deps:
	$(S)/install-deps.sh

# The work tree: base (tagged 'base') + series/, in build/linux.
tree: deps
	$(S)/make-tree.sh

# Rewrite series/ from the work tree's commits since 'base'.
export:
	$(S)/export-series.sh

# Fail when build/linux holds work that series/ does not.
series-check:
	$(S)/series-check.sh

# checkpatch --strict and the From:/Signed-off-by:/changelog checks.
check-series: tree
	$(S)/check-series.sh

kernel: tree
	$(S)/build-kernel.sh $(B)/linux $(B)/obj/linux

selftests: tree
	$(S)/build-selftests.sh $(B)/linux $(B)/obj/selftests

# The unpatched base, built next to the patched kernel (build/obj/linux-base).
base-kernel: tree
	$(S)/build-base.sh

# make test's build and test beds on the unpatched base (build/results/linux-base).
test-base: tree
	$(S)/build-base.sh
	TEST_TREE=$(B)/linux-base $(S)/test.sh

# Build the kernel at each patch of the series in turn.
build-each: tree
	$(S)/build-each.sh

# W=1 on the directories the series touches: no new warnings.
check-w1: tree
	$(S)/check-warnings.sh w1

# sparse on the directories the series touches: no new warnings.
check-sparse: kernel
	$(S)/check-warnings.sh sparse

# Each checker of the debug kernel catches its planted bug (checkers/planted/).
check-checkers: tree
	$(S)/check-checkers.sh

# fpu_bench on the base and the patched kernel in one run, with ratios.
bench: tree
	$(S)/bench.sh

# Trust in the Bochs bed: upstream 6.12 passes upstream's amx_test and amx.c on it.
calibrate: deps
	$(S)/bochs-calibrate.sh

clean:
	rm -rf $(B)/obj $(B)/results
