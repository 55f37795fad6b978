/*
 * Forced into every x86 selftest (scripts/build-selftests.sh): 5.10's tests
 * size static alternate signal stacks with SIGSTKSZ, which glibc 2.34 and
 * later make a sysconf() call under _GNU_SOURCE. Take glibc's feature
 * settings now, as the tests would, but keep SIGSTKSZ the constant the tests
 * were written for.
 */
#define _GNU_SOURCE
#include <features.h>
#undef __USE_DYNAMIC_STACK_SIZE
