// SPDX-License-Identifier: GPL-2.0
/*
 * Costs the xstate series can change for every process, AMX or not:
 * a signal delivered and returned from (the frame is now sized and
 * described per task) and a context switch between two threads on one
 * CPU (XFD is switched with the fpstate where the CPU has it).
 * Prints "NAME median=N p10=N p90=N n=N" lines, in nanoseconds.
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

static volatile int stop;

static void *yielder(void *arg)
{
	while (!stop)
		sched_yield();
	return NULL;
}

static void bench_switch(void)
{
	uint64_t v[SAMPLES], t;
	pthread_t th;
	cpu_set_t cpus;
	int s, i;

	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	pthread_create(&th, NULL, yielder, NULL);
	for (s = 0; s < SAMPLES; s++) {
		t = now_ns();
		for (i = 0; i < BATCH; i++)
			sched_yield();
		/* each yield switches to the other thread and back */
		v[s] = (now_ns() - t) / (2 * BATCH);
	}
	stop = 1;
	pthread_join(th, NULL);
	report("context_switch_ns", v);
}

int main(void)
{
	bench_signal();
	bench_switch();
	return 0;
}
