// SPDX-License-Identifier: GPL-2.0
/*
 * Costs the xstate series can change for every process, AMX or not:
 * a signal delivered and returned from (the frame is now sized and
 * described per task), a context switch between two threads on one CPU
 * (pipe ping-pong; XFD is switched with the fpstate where the CPU has
 * it), and the size of a task_struct, which holds the task's default
 * FPU buffer. Prints "NAME median=N p10=N p90=N n=N" lines, in
 * nanoseconds, and "task_struct_bytes objsize=N".
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* The other end of the ping-pong: echo every byte back */
static void *echo(void *arg)
{
	char c;

	while (read(ping[0], &c, 1) == 1 && c)
		if (write(pong[1], &c, 1) != 1)
			break;
	return NULL;
}

static void bench_switch(void)
{
	uint64_t v[SAMPLES], t;
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
	for (s = 0; s < SAMPLES; s++) {
		t = now_ns();
		for (i = 0; i < BATCH; i++) {
			if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
				exit(1);
		}
		/* a round trip is two switches */
		v[s] = (now_ns() - t) / (2 * BATCH);
	}
	c = 0;
	if (write(ping[1], &c, 1) != 1)
		exit(1);
	pthread_join(th, NULL);
	report("context_switch_ns", v);
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

int main(void)
{
	task_struct_size();
	bench_signal();
	bench_switch();
	return 0;
}
