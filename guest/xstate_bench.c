// SPDX-License-Identifier: GPL-2.0
/*
 * Costs the xstate series can change for every process, AMX or not:
 * a signal delivered and returned from (the frame is now sized and
 * described per task), a context switch between two threads on one CPU
 * (pipe ping-pong; XFD is switched with the fpstate where the CPU has
 * it), and the size of a task_struct, which holds the task's default
 * FPU buffer. Prints "NAME median=N p10=N p90=N n=N" lines, in
 * nanoseconds, and "task_struct_bytes objsize=N".
 *
 * Where the kernel offers AMX (ARCH_GET_XCOMP_SUPP has tile data), also
 * what a process's fpstates take in vmalloc space (fpstate_realloc() in
 * /proc/vmallocinfo) before and after its permission and its first tile
 * instruction, and, where the kernel has the msr tracepoints, how many
 * writes of IA32_XFD a context switch costs: between two threads that
 * never use AMX, and between one that does and one that does not.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ARCH_GET_XCOMP_SUPP	0x1021
#define ARCH_REQ_XCOMP_PERM	0x1023
#define XFEATURE_XTILEDATA	18

#define SAMPLES	101
#define BATCH	2000

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *name, uint64_t *v)
{
	qsort(v, SAMPLES, sizeof(*v), cmp);
	printf("%s median=%llu p10=%llu p90=%llu n=%d\n", name,
	       (unsigned long long)v[SAMPLES / 2],
	       (unsigned long long)v[SAMPLES / 10],
	       (unsigned long long)v[SAMPLES * 9 / 10], SAMPLES);
}

static void handler(int sig)
{
}

static void bench_signal(void)
{
	uint64_t v[SAMPLES], t;
	int s, i;

	signal(SIGUSR1, handler);
	for (s = 0; s < SAMPLES; s++) {
		t = now_ns();
		for (i = 0; i < BATCH; i++)
			raise(SIGUSR1);
		v[s] = (now_ns() - t) / BATCH;
	}
	report("signal_roundtrip_ns", v);
}

static int ping[2], pong[2];
static int echo_uses_amx;

static void amx_use(void);

/* The other end of the ping-pong: echo every byte back */
static void *echo(void *arg)
{
	char c;

	if (echo_uses_amx)
		amx_use();
	while (read(ping[0], &c, 1) == 1 && c)
		if (write(pong[1], &c, 1) != 1)
			break;
	return NULL;
}

/* Called around the timed round trips, if set */
static void (*measure_start)(void), (*measure_stop)(void);

/*
 * Ping-pong between this thread and an echo thread on CPU 0: @samples
 * samples of @batch round trips, each sample's time per switch (a round
 * trip is two switches) in @v.
 */
static void pingpong(uint64_t *v, int samples, int batch)
{
	uint64_t t;
	char c = 1;
	pthread_t th;
	cpu_set_t cpus;
	int s, i;

	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	if (pipe(ping) || pipe(pong)) {
		perror("pipe");
		exit(1);
	}
	pthread_create(&th, NULL, echo, NULL);
	/* the echo thread is set up once it answered */
	if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
		exit(1);
	if (measure_start)
		measure_start();
	for (s = 0; s < samples; s++) {
		t = now_ns();
		for (i = 0; i < batch; i++) {
			if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
				exit(1);
		}
		v[s] = (now_ns() - t) / (2 * batch);
	}
	if (measure_stop)
		measure_stop();
	c = 0;
	if (write(ping[1], &c, 1) != 1)
		exit(1);
	pthread_join(th, NULL);
	close(ping[0]);
	close(ping[1]);
	close(pong[0]);
	close(pong[1]);
}

static void bench_switch(void)
{
	uint64_t v[SAMPLES];

	pingpong(v, SAMPLES, BATCH);
	report("context_switch_ns", v);
}

static int amx_supported(void)
{
	unsigned long features = 0;

	return !syscall(SYS_arch_prctl, ARCH_GET_XCOMP_SUPP, &features) &&
	       (features & (1UL << XFEATURE_XTILEDATA));
}

/* Configure the tiles and zero tile 0: the first use of tile data */
static void amx_use(void)
{
	struct {
		uint8_t palette, start_row, rsvd[14];
		uint16_t colsb[16];
		uint8_t rows[16];
	} cfg = { .palette = 1, .colsb = { 64 }, .rows = { 16 } };

	/* ldtilecfg (%rax); tilezero %tmm0 */
	asm volatile(".byte 0xc4,0xe2,0x78,0x49,0x00" : : "a" (&cfg) : "memory");
	asm volatile(".byte 0xc4,0xe2,0x7b,0x49,0xc0" : : : "memory");
}

/* Bytes vmalloc'ed for fpstates by fpstate_realloc(), or -1 */
static long fpstate_vmalloc_bytes(void)
{
	char line[512];
	unsigned long size;
	long total = 0;
	FILE *f = fopen("/proc/vmallocinfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, " fpstate_realloc+") &&
		    sscanf(line, "%*s %lu", &size) == 1)
			total += size;
	fclose(f);
	return total;
}

/*
 * A process that is permitted AMX grows when it first uses tile data,
 * not when it asks for the permission. Measured in a child, whose
 * fpstates are the only ones that appear and go again.
 */
static void amx_growth(void)
{
	long before, perm, used;
	int status;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		before = fpstate_vmalloc_bytes();
		if (syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM,
			    XFEATURE_XTILEDATA))
			exit(1);
		perm = fpstate_vmalloc_bytes();
		amx_use();
		used = fpstate_vmalloc_bytes();
		printf("amx_fpstate_vmalloc_bytes before_perm=%ld after_perm=%ld after_first_use=%ld\n",
		       before, perm, used);
		exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status) {
		printf("# amx_fpstate_vmalloc_bytes: the child failed (status %#x)\n",
		       status);
		exit(1);
	}
}

#define TRACING	"/sys/kernel/tracing"

static int tracefs_write(const char *file, const char *val)
{
	char path[128];
	int fd, ok;

	snprintf(path, sizeof(path), TRACING "/%s", file);
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return -1;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -1;
}

/* The events in the trace buffer */
static long trace_events(void)
{
	char line[512];
	long n = 0;
	FILE *f = fopen(TRACING "/trace", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "write_msr:"))
			n++;
	fclose(f);
	return n;
}

#define XFD_ROUNDS	1000

static void trace_on(void)
{
	if (tracefs_write("trace", "") || tracefs_write("events/msr/write_msr/enable", "1")) {
		printf("# xfd_msr_writes: cannot use the msr tracepoint\n");
		exit(1);
	}
}

static void trace_off(void)
{
	tracefs_write("events/msr/write_msr/enable", "0");
}

/*
 * IA32_XFD writes per switch of a ping-pong, with or without AMX, counted
 * over the round trips only (not the echo thread's start, first use of
 * tile data and exit)
 */
static void xfd_writes_per_switch(const char *name, int amx)
{
	uint64_t v[1];
	long n;

	echo_uses_amx = amx;
	measure_start = trace_on;
	measure_stop = trace_off;
	pingpong(v, 1, XFD_ROUNDS);
	measure_start = measure_stop = NULL;
	n = trace_events();
	printf("%s per_switch=%.4f writes=%ld switches=%d\n", name,
	       (double)n / (2 * XFD_ROUNDS), n, 2 * XFD_ROUNDS);
	echo_uses_amx = 0;
}

static void xfd_writes(int amx)
{
	mount("tracefs", TRACING, "tracefs", 0, NULL);
	if (access(TRACING "/events/msr/write_msr/filter", W_OK)) {
		printf("# xfd_msr_writes: no msr tracepoint in this kernel\n");
		return;
	}
	if (tracefs_write("events/msr/write_msr/filter", "msr == 0x1c4")) {
		printf("# xfd_msr_writes: cannot set the filter\n");
		exit(1);
	}
	xfd_writes_per_switch("xfd_msr_writes_nonamx", 0);
	if (amx)
		xfd_writes_per_switch("xfd_msr_writes_amx_nonamx", 1);
}

/* The object size of the task_struct slab cache, or nothing */
static void task_struct_size(void)
{
	char line[512], name[64];
	unsigned long active, num, objsize;
	FILE *f = fopen("/proc/slabinfo", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %lu %lu %lu", name, &active, &num,
			   &objsize) == 4 && !strcmp(name, "task_struct")) {
			printf("task_struct_bytes objsize=%lu\n", objsize);
			break;
		}
	}
	fclose(f);
}

/* --counts: only what the debug kernel is booted for (no timings) */
int main(int argc, char **argv)
{
	int amx = amx_supported();

	if (argc < 2 || strcmp(argv[1], "--counts")) {
		task_struct_size();
		bench_signal();
		bench_switch();
	}
	if (amx)
		amx_growth();
	else
		printf("# amx: not offered by this kernel and CPU\n");
	/* last: the permission stays with the process */
	if (amx && syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)) {
		perror("ARCH_REQ_XCOMP_PERM");
		exit(1);
	}
	xfd_writes(amx);
	return 0;
}
