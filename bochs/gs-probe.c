// SPDX-License-Identifier: GPL-2.0
/*
 * gs-probe: what happens to a null GS selector with a nonzero RPL (1, 2 or 3)
 * on a return to user mode, as an /init of its own (bochs/README.md, "Known
 * gaps"). Three cases, each counted:
 *   spin:    user mode only, until an interrupt's IRET comes (or not);
 *   getppid: a system call (SYSRET) between setting and reading GS;
 *   handoff: a futex hand-off to a second thread and back, the window of
 *            x86 fsgsbase_64's "schedule to" cases.
 * Build and boot (about 40 s):
 *   gcc -O2 -static -pthread -o /tmp/gs/init bochs/gs-probe.c
 *   mkdir -p /tmp/gs/proc && (cd /tmp/gs && ls -d init proc |
 *     cpio -o -H newc | gzip) >/tmp/gs-probe.cpio.gz
 *   scripts/bochs-boot.sh BZIMAGE /tmp/gs-probe.cpio.gz /tmp/gs-probe.log
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/futex.h>

static unsigned long interrupts(void)
{
	unsigned long sum = 0;
	char line[4096], *p;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if ((p = strchr(line, ':')))
			sum += strtoul(p + 1, NULL, 10);
	fclose(f);
	return sum;
}

static unsigned short get_gs(void)
{
	unsigned short sel;

	asm volatile("mov %%gs, %0" : "=rm" (sel));
	return sel;
}

static void set_gs(unsigned short sel)
{
	asm volatile("mov %0, %%gs" : : "rm" (sel));
}

static void spin(unsigned short sel)
{
	unsigned long before = interrupts(), i, n = 400000000UL;

	set_gs(sel);
	for (i = 0; i < n && get_gs() == sel; i++)
		;
	printf("spin sel=%#x: %s after %lu iterations, %lu interrupts\n", sel,
	       i < n ? "zeroed" : "kept", i, interrupts() - before);
	set_gs(0);
}

static void sys(unsigned short sel, unsigned long n)
{
	unsigned long i, changed = 0, before = interrupts();

	for (i = 0; i < n; i++) {
		set_gs(sel);
		syscall(SYS_getppid);
		changed += get_gs() != sel;
	}
	printf("getppid sel=%#x: %lu of %lu changed, %lu interrupts\n", sel,
	       changed, n, interrupts() - before);
	set_gs(0);
}

static volatile int ftx;

static void *helper(void *arg)
{
	for (;;) {
		while (ftx == 0)
			syscall(SYS_futex, &ftx, FUTEX_WAIT, 0, NULL, NULL, 0);
		if (ftx == 2)
			return arg;
		ftx = 0;
		syscall(SYS_futex, &ftx, FUTEX_WAKE, 0, NULL, NULL, 0);
	}
}

static void handoff(unsigned short sel, unsigned long n)
{
	unsigned long i, changed = 0, before = interrupts();
	pthread_t t;

	if (pthread_create(&t, NULL, helper, NULL))
		return;
	for (i = 0; i < n; i++) {
		set_gs(sel);
		ftx = 1;
		syscall(SYS_futex, &ftx, FUTEX_WAKE, 0, NULL, NULL, 0);
		while (ftx != 0)
			syscall(SYS_futex, &ftx, FUTEX_WAIT, 1, NULL, NULL, 0);
		changed += get_gs() != sel;
	}
	ftx = 2;
	syscall(SYS_futex, &ftx, FUTEX_WAKE, 0, NULL, NULL, 0);
	pthread_join(t, NULL);
	printf("handoff sel=%#x: %lu of %lu changed, %lu interrupts\n", sel,
	       changed, n, interrupts() - before);
	set_gs(0);
}

int main(void)
{
	mount("proc", "/proc", "proc", 0, NULL);
	setvbuf(stdout, NULL, _IONBF, 0);
	spin(1);
	spin(2);
	spin(3);
	sys(1, 200000);
	sys(3, 200000);
	handoff(1, 20000);
	handoff(3, 20000);
	sleep(2);	/* the serial console drains; power-off does not wait */
	reboot(RB_POWER_OFF);
	return 0;
}
