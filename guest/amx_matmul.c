// SPDX-License-Identifier: GPL-2.0-only
/*
 * amx_matmul: int8 matrix multiplication with the AMX tile instructions,
 * checked against a scalar computation. Runs in the guest of 'make run'.
 *
 *   amx_matmul           asks for AMX (arch_prctl), computes C = A * B with
 *                        TDPBSSD once, compares with the scalar result and
 *                        prints both checksums; exit 0 only if they match.
 *   amx_matmul --hold N  computes C once, then keeps the tiles loaded and
 *                        checks them without reloading (TILESTORED of C, A
 *                        and B against memory) in a busy loop, printing a
 *                        line every N checks, forever: a VMM that migrates
 *                        the guest meanwhile must bring the live tile data
 *                        along. A mismatch prints "amx: MISMATCH" and exits 1.
 *
 * Shapes: A is 16x64 int8 (tile 1), B is 64x16 int8 stored as TDPBSSD wants
 * it, 16 rows of 16 groups of 4 (tile 2), C is 16x16 int32 (tile 0).
 */
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ARCH_GET_XCOMP_SUPP	0x1021
#define ARCH_GET_XCOMP_PERM	0x1022
#define ARCH_REQ_XCOMP_PERM	0x1023
#define XFEATURE_XTILEDATA	18

#define M 16
#define K 64
#define N 16

struct tilecfg {
	uint8_t palette;
	uint8_t start_row;
	uint8_t rsvd[14];
	uint16_t colsb[16];
	uint8_t rows[16];
} __attribute__((packed, aligned(64)));

static int8_t a[M][K];			/* tile 1: 16 rows of 64 bytes */
static int8_t b[K / 4][N * 4];		/* tile 2: B in groups of 4 */
static int32_t c[M][N];			/* tile 0: 16 rows of 64 bytes */
static int32_t ref[M][N];

static void fill(void)
{
	int i, j;

	/* Values over the whole int8 range, signed both ways */
	for (i = 0; i < M; i++)
		for (j = 0; j < K; j++)
			a[i][j] = (int8_t)(i * 37 + j * 11 - 100);
	for (i = 0; i < K / 4; i++)
		for (j = 0; j < N * 4; j++)
			b[i][j] = (int8_t)(i * 13 - j * 7 + 45);
}

/* B's element (k, n) lives at b[k / 4][n * 4 + k % 4] */
static void scalar(void)
{
	int m, n, k;

	for (m = 0; m < M; m++)
		for (n = 0; n < N; n++) {
			int32_t sum = 0;

			for (k = 0; k < K; k++)
				sum += a[m][k] * b[k / 4][n * 4 + k % 4];
			ref[m][n] = sum;
		}
}

static uint32_t checksum(int32_t (*x)[N])
{
	uint32_t s = 0;
	int m, n;

	for (m = 0; m < M; m++)
		for (n = 0; n < N; n++)
			s = s * 31 + (uint32_t)x[m][n];
	return s;
}

static void load_tiles(void)
{
	static struct tilecfg cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.palette = 1;
	cfg.rows[0] = M;
	cfg.colsb[0] = N * 4;
	cfg.rows[1] = M;
	cfg.colsb[1] = K;
	cfg.rows[2] = K / 4;
	cfg.colsb[2] = N * 4;
	_tile_loadconfig(&cfg);
	_tile_zero(0);
	_tile_loadd(1, a, K);
	_tile_loadd(2, b, N * 4);
	_tile_dpbssd(0, 1, 2);
}

static void print_flags(void)
{
	char line[4096], *p, *tok;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "flags", 5))
			continue;
		printf("amx: /proc/cpuinfo flags:");
		p = strchr(line, ':');
		for (tok = strtok(p ? p + 1 : line, " \n"); tok;
		     tok = strtok(NULL, " \n"))
			if (!strncmp(tok, "amx", 3))
				printf(" %s", tok);
		printf("\n");
		break;
	}
	fclose(f);
}

/* The tiles as they are in the registers, against what was loaded */
static int check_live(void)
{
	static int8_t a2[M][K], b2[K / 4][N * 4];
	static int32_t c2[M][N];

	_tile_stored(0, c2, N * 4);
	_tile_stored(1, a2, K);
	_tile_stored(2, b2, N * 4);
	return !memcmp(c2, ref, sizeof(c2)) && !memcmp(a2, a, sizeof(a2)) &&
	       !memcmp(b2, b, sizeof(b2));
}

int main(int argc, char **argv)
{
	unsigned long supp = 0, perm = 0;
	long every = 0, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "--hold"))
		every = atol(argv[2]);
	else if (argc != 1) {
		fprintf(stderr, "usage: %s [--hold N]\n", argv[0]);
		return 2;
	}

	print_flags();
	if (syscall(SYS_arch_prctl, ARCH_GET_XCOMP_SUPP, &supp)) {
		perror("amx: ARCH_GET_XCOMP_SUPP");
		return 1;
	}
	if (!(supp & (1UL << XFEATURE_XTILEDATA))) {
		printf("amx: the kernel does not support AMX tile data (xcomp supp %#lx)\n",
		       supp);
		return 1;
	}
	if (syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA) ||
	    syscall(SYS_arch_prctl, ARCH_GET_XCOMP_PERM, &perm)) {
		perror("amx: ARCH_REQ_XCOMP_PERM");
		return 1;
	}
	printf("amx: permitted xfeatures %#lx\n", perm);

	fill();
	scalar();
	load_tiles();
	_tile_stored(0, c, N * 4);
	printf("amx: TDPBSSD %dx%dx%d checksum %#x, scalar %#x: %s\n", M, N, K,
	       checksum(c), checksum(ref),
	       memcmp(c, ref, sizeof(c)) ? "MISMATCH" : "match");
	if (memcmp(c, ref, sizeof(c))) {
		printf("amx: MISMATCH\n");
		return 1;
	}
	if (!every) {
		_tile_release();
		printf("amx: PASS\n");
		return 0;
	}

	printf("amx: holding the tiles, checking them every round\n");
	for (i = 1;; i++) {
		if (!check_live()) {
			printf("amx: MISMATCH after %ld checks\n", i);
			return 1;
		}
		if (i % every == 0)
			printf("amx: %ld checks of the live tiles ok\n", i);
	}
}
