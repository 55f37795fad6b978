// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the i386 math-emu test bed (scripts/test.sh, stage i386-boot).
 *
 * The kernel is a 32-bit one with CONFIG_MATH_EMULATION, booted with no387 on
 * QEMU's 486: every x87 instruction user space executes traps to
 * arch/x86/math-emu, which works on current's fpstate in memory. The tests
 * check that this state is the task's own (context switch, fork) and that
 * signal delivery saves and restores it (the FNSAVE-format signal frame is
 * converted from and to the emulator's state by the regset code).
 *
 * Freestanding: raw int $0x80 system calls, no libc (the i386 C library
 * needs instructions a 486 lacks). Prints TAP, then resets the machine (QEMU
 * runs with -no-reboot and exits). Built by scripts/build-x87-init.sh.
 */
#define NR_exit		1
#define NR_fork		2
#define NR_read		3
#define NR_write	4
#define NR_open		5
#define NR_close	6
#define NR_waitpid	7
#define NR_getpid	20
#define NR_mount	21
#define NR_kill		37
#define NR_mkdir	39
#define NR_dup2		63
#define NR_reboot	88
#define NR_sched_yield	158
#define NR_rt_sigreturn	173
#define NR_rt_sigaction	174

#define SIGUSR1		10
#define SA_SIGINFO	0x00000004	/* an rt frame, undone by rt_sigreturn */
#define SA_RESTORER	0x04000000

#define FCW_INIT	0x037f	/* what FNINIT and a new signal handler get */
#define FCW_A		0x027f	/* double precision, round to nearest */
#define FCW_B		0x0e7f	/* double precision, round toward zero */
#define FCW_C		0x067f	/* double precision, round down */
#define LOOPS		2000

typedef unsigned int u32;
typedef unsigned long long u64;

static long sys3(long nr, long a, long b, long c)
{
	long ret;

	asm volatile("int $0x80"
		     : "=a" (ret) : "0" (nr), "b" (a), "c" (b), "d" (c) : "memory");
	return ret;
}

static long sys5(long nr, long a, long b, long c, long d, long e)
{
	long ret;

	asm volatile("int $0x80"
		     : "=a" (ret)
		     : "0" (nr), "b" (a), "c" (b), "d" (c), "S" (d), "D" (e)
		     : "memory");
	return ret;
}

static unsigned long slen(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

static void puts1(const char *s)
{
	sys3(NR_write, 1, (long)s, slen(s));
}

static void putnum(unsigned long v, int base)
{
	char buf[16];
	int i = sizeof(buf);

	buf[--i] = 0;
	do {
		buf[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	puts1(buf + i);
}

static int test_nr;
static int failures;

static void tap(int ok, const char *name, const char *why)
{
	puts1(ok ? "ok " : "not ok ");
	putnum(++test_nr, 10);
	puts1(" ");
	puts1(name);
	if (why) {
		puts1(" # ");
		puts1(why);
	}
	puts1("\n");
	failures += !ok;
}

static u64 bits(double d)
{
	union { double d; u64 u; } v = { .d = d };

	return v.u;
}

/*
 * Load FCW and eight values onto the x87 stack, make system call @nr with
 * arguments @a and @b @loops times, then store the stack (top first) and the
 * FCW. Between load and store the values live only in the task's x87 state,
 * which is the emulator's in-memory state here. Returns the last call's
 * result.
 */
static long x87_hold(const double *in, unsigned short cw, long nr, long a,
		     long b, long loops, double *out, unsigned short *cw_out)
{
	long ret;

	asm volatile("fldcw %[cw]\n\t"
		     "fldl 0(%%esi)\n\t"
		     "fldl 8(%%esi)\n\t"
		     "fldl 16(%%esi)\n\t"
		     "fldl 24(%%esi)\n\t"
		     "fldl 32(%%esi)\n\t"
		     "fldl 40(%%esi)\n\t"
		     "fldl 48(%%esi)\n\t"
		     "fldl 56(%%esi)\n\t"
		     "1:\n\t"
		     "movl %[nr], %%eax\n\t"
		     "int $0x80\n\t"
		     "decl %[loops]\n\t"
		     "jnz 1b\n\t"
		     "fstpl 0(%%edi)\n\t"
		     "fstpl 8(%%edi)\n\t"
		     "fstpl 16(%%edi)\n\t"
		     "fstpl 24(%%edi)\n\t"
		     "fstpl 32(%%edi)\n\t"
		     "fstpl 40(%%edi)\n\t"
		     "fstpl 48(%%edi)\n\t"
		     "fstpl 56(%%edi)\n\t"
		     "fnstcw %[cwo]\n\t"
		     : "=&a" (ret), [loops] "+m" (loops), [cwo] "=m" (*cw_out)
		     : [cw] "m" (cw), [nr] "m" (nr), "b" (a), "c" (b),
		       "S" (in), "D" (out)
		     : "edx", "memory", "cc",
		       "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)",
		       "st(6)", "st(7)");
	return ret;
}

/* The values of one task: 1/3 .. 1/10 plus a per-task offset. */
static void pattern(double *v, double base)
{
	volatile double one = 1.0;
	int i;

	for (i = 0; i < 8; i++)
		v[i] = base + one / (i + 3);
}

/* x87_hold() stores the stack top first: the reverse of the load order. */
static int same(const double *in, const double *out)
{
	int i;

	for (i = 0; i < 8; i++)
		if (bits(in[i]) != bits(out[7 - i]))
			return 0;
	return 1;
}

static int file_has(const char *path, const char *needle)
{
	static char buf[8192];
	long n, fd, i, k, len = slen(needle), got = 0;

	fd = sys3(NR_open, (long)path, 0, 0);
	if (fd < 0)
		return -1;
	while (got < (long)sizeof(buf) - 1 &&
	       (n = sys3(NR_read, fd, (long)buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	sys3(NR_close, fd, 0, 0);
	for (i = 0; i + len <= got; i++) {
		for (k = 0; k < len && buf[i + k] == needle[k]; k++)
			;
		if (k == len)
			return 1;
	}
	return 0;
}

/* The bed is only meaningful when the kernel really emulates the x87. */
static void test_emulated(void)
{
	int r = file_has("/proc/cpuinfo", "\nfpu\t\t: no\n");

	tap(r == 1, "x87_emulated",
	    r == 1 ? 0 : "/proc/cpuinfo does not say 'fpu : no': booted without no387?");
}

/* Correctly rounded results, and FCW rounding control, from the emulator. */
static void test_arith(void)
{
	volatile double two = 2.0, one = 1.0, three = 3.0;
	unsigned short cw = FCW_A, up = 0x0a7f;	/* double precision, round up */
	volatile double root, third, third_up;

	asm volatile("fldcw %0" : : "m" (cw));
	root = __builtin_sqrt(two);
	third = one / three;
	asm volatile("fldcw %0" : : "m" (up));
	third_up = one / three;
	asm volatile("fldcw %0" : : "m" (cw));

	tap(bits(root) == 0x3ff6a09e667f3bcdULL &&
	    bits(third) == 0x3fd5555555555555ULL &&
	    bits(third_up) == 0x3fd5555555555556ULL,
	    "x87_arith", 0);
}

/*
 * Two children and the parent keep their own x87 stacks and FCWs through
 * LOOPS sched_yield() calls each, switching to one another every time.
 */
static void test_context_switch(void)
{
	static const unsigned short cws[3] = { FCW_A, FCW_B, FCW_C };
	double in[8], out[8];
	unsigned short cw_out;
	long pid[2], status;
	int me, i, ok;

	for (me = 0; me < 2; me++) {
		pid[me] = sys3(NR_fork, 0, 0, 0);
		if (pid[me] == 0)
			break;
	}
	pattern(in, 100.0 * (me + 1));
	x87_hold(in, cws[me], NR_sched_yield, 0, 0, LOOPS, out, &cw_out);
	ok = same(in, out) && cw_out == cws[me];
	if (me < 2)
		sys3(NR_exit, ok ? 0 : 1, 0, 0);

	for (i = 0; i < 2; i++) {
		status = -1;
		if (sys3(NR_waitpid, pid[i], (long)&status, 0) != pid[i] ||
		    status != 0)
			ok = 0;
	}
	tap(ok, "x87_context_switch", ok ? 0 : "a task found another's x87 state");
}

/* A child starts with a copy of its parent's x87 state. */
static void test_fork(void)
{
	double in[8], out[8];
	unsigned short cw_out;
	long pid, status = -1;
	int ok;

	pattern(in, -7.0);
	pid = x87_hold(in, FCW_B, NR_fork, 0, 0, 1, out, &cw_out);
	ok = same(in, out) && cw_out == FCW_B;
	if (pid == 0)
		sys3(NR_exit, ok ? 0 : 1, 0, 0);
	if (pid < 0 || sys3(NR_waitpid, pid, (long)&status, 0) != pid)
		ok = 0;
	tap(ok && status == 0, "x87_fork",
	    ok ? (status ? "the child's x87 state differs" : 0) :
		 "the parent's x87 state changed");
}

static volatile int handler_ran;
static volatile unsigned short handler_cw;

/* Trash the x87 state; report the FCW the handler started with. */
static void handler(int sig)
{
	unsigned short cw, junk = FCW_C;

	(void)sig;
	asm volatile("fnstcw %0" : "=m" (cw));
	handler_cw = cw;
	asm volatile("fninit\n\t"
		     "fldcw %0\n\t"
		     "fldpi\n\t"
		     "fldpi\n\t"
		     "fldz\n\t"
		     : : "m" (junk) : "st", "st(1)", "st(2)");
	handler_ran++;
}

#define STR(x)	#x
#define XSTR(x)	STR(x)
extern void restorer(void);
asm(".text\n"
    "restorer:\n\t"
    "movl $" XSTR(NR_rt_sigreturn) ", %eax\n\t"
    "int $0x80\n");

struct ksigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask[2];
};

/*
 * A signal handler starts with a clean FPU and its changes are undone on
 * sigreturn: the interrupted x87 state comes back from the signal frame.
 */
static void test_signal(void)
{
	struct ksigaction sa = { handler, SA_SIGINFO | SA_RESTORER, restorer, { 0, 0 } };
	double in[8], out[8];
	unsigned short cw_out;
	long pid = sys3(NR_getpid, 0, 0, 0);
	int ok;

	if (sys5(NR_rt_sigaction, SIGUSR1, (long)&sa, 0, 8, 0)) {
		tap(0, "x87_signal", "rt_sigaction failed");
		return;
	}
	pattern(in, 42.0);
	x87_hold(in, FCW_B, NR_kill, pid, SIGUSR1, 1, out, &cw_out);
	ok = handler_ran == 1 && same(in, out) && cw_out == FCW_B;
	tap(ok, "x87_signal",
	    handler_ran != 1 ? "the handler did not run" :
	    !ok ? "the x87 state was not restored on sigreturn" : 0);
	tap(handler_cw == FCW_INIT, "x87_signal_handler_init",
	    handler_cw == FCW_INIT ? 0 : "the handler did not start with FCW 0x37f");
}

void _start(void)
{
	/* It mounts, and resets the machine: only ever as a test guest's init. */
	if (sys3(NR_getpid, 0, 0, 0) != 1) {
		puts1("x87-emu-init: not pid 1, refusing to run\n");
		sys3(NR_exit, 2, 0, 0);
	}
	sys3(NR_mkdir, (long)"/dev", 0755, 0);
	sys3(NR_mkdir, (long)"/proc", 0555, 0);
	sys5(NR_mount, (long)"dev", (long)"/dev", (long)"devtmpfs", 0, 0);
	sys5(NR_mount, (long)"proc", (long)"/proc", (long)"proc", 0, 0);
	if (sys3(NR_open, (long)"/dev/console", 2, 0) >= 0) {
		sys3(NR_dup2, 0, 1, 0);
		sys3(NR_dup2, 0, 2, 0);
	}

	puts1("# x87-selftests: start\nTAP version 13\n1..6\n");
	test_emulated();
	test_arith();
	test_context_switch();
	test_fork();
	test_signal();
	puts1("# x87-selftests: done (");
	putnum(failures, 10);
	puts1(" failed)\n");

	/* LINUX_REBOOT_CMD_RESTART: QEMU's -no-reboot turns it into an exit. */
	sys5(NR_reboot, 0xfee1dead, 672274793, 0x01234567, 0, 0);
	for (;;)
		sys3(NR_sched_yield, 0, 0, 0);
}
