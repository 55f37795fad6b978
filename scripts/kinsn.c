// SPDX-License-Identifier: GPL-2.0
/*
 * kinsn.so: a QEMU TCG plugin for make bench on the QEMU bed. It counts the
 * instructions executed at kernel addresses (the upper half) and, each time
 * the instruction at a given user address runs, records how many kernel
 * instructions ran since its previous run. bench.sh gives it the address of
 * ioctl() in the static fpu_bench, whose round-trip loop calls ioctl() once
 * per KVM_RUN: the median of the records is the kernel's instructions per
 * KVM_RUN round trip, exact where the timings of TCG are noisy.
 *
 *	-plugin kinsn.so,mark=0xADDR,out=FILE,name=NAME
 *
 * writes "NAME median=... p10=... p90=... n=..." to FILE at exit. Run the
 * machine with one vCPU: the count is one for the whole machine.
 *
 * Debian 12 ships no qemu-plugin.h; the few calls used are declared below
 * as QEMU 7.2 defines them (plugin API version 1).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
typedef void (*tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*udata_cb_t)(qemu_plugin_id_t id, void *userdata);
enum { QEMU_PLUGIN_CB_NO_REGS = 0 };
enum { QEMU_PLUGIN_INLINE_ADD_U64 = 0 };

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
						 size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
						int op, void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    vcpu_udata_cb_t cb, int flags,
					    void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, udata_cb_t cb,
				    void *userdata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

#define KERNEL_HALF 0xffff800000000000ULL

static uint64_t kinsn;		/* kernel instructions so far */
static uint64_t mark, last;
static int seen;
static uint64_t *rec;
static size_t nrec, caprec;
static const char *out, *name = "kinsn";

static void on_mark(unsigned int vcpu, void *udata)
{
	if (seen && nrec < caprec)
		rec[nrec++] = kinsn - last;
	last = kinsn;
	seen = 1;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);

	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t va = qemu_plugin_insn_vaddr(insn);

		if (va >= KERNEL_HALF)
			qemu_plugin_register_vcpu_insn_exec_inline(insn,
				QEMU_PLUGIN_INLINE_ADD_U64, &kinsn, 1);
		else if (va == mark)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_mark,
				QEMU_PLUGIN_CB_NO_REGS, NULL);
	}
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	FILE *f = fopen(out, "w");

	if (!f)
		return;
	if (nrec) {
		qsort(rec, nrec, sizeof(*rec), cmp);
		fprintf(f, "%s median=%llu p10=%llu p90=%llu n=%zu\n", name,
			(unsigned long long)rec[nrec / 2],
			(unsigned long long)rec[nrec / 10],
			(unsigned long long)rec[nrec * 9 / 10], nrec);
	} else {
		fprintf(f, "# %s: the mark never ran\n", name);
	}
	fclose(f);
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const void *info, int argc,
			char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "mark=", 5))
			mark = strtoull(argv[i] + 5, NULL, 0);
		else if (!strncmp(argv[i], "out=", 4))
			out = strdup(argv[i] + 4);
		else if (!strncmp(argv[i], "name=", 5))
			name = strdup(argv[i] + 5);
	}
	caprec = 1 << 20;
	rec = calloc(caprec, sizeof(*rec));
	if (!mark || !out || !rec) {
		fprintf(stderr, "kinsn: need mark=ADDR and out=FILE\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
