/*
 * hypv7-regname: KVM register ids <-> names, on the build host.
 *
 *   hypv7-regname 0x40200000000f0800   -> cp15 SCTLR (op1=0 CRn=1 CRm=0 op2=0) u32
 *   hypv7-regname SCTLR                -> 0x40200000000f0800 cp15 SCTLR (...) u32
 *   hypv7-regname --list               -> the 136 ids of QEMU's cortex-a15, in order
 *
 * Exit status: 0 on success, 1 if an argument was not understood, 2 on
 * usage errors.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "abi/errno.h"
#include "abi/qemu_a15_ids.h"
#include <hypv7/regname.h>
#include "abi/vcpu_bank.h"

#define EXIT_BAD_ARG 1
#define EXIT_USAGE 2

/* The list does not depend on time; the ABI code just needs a counter. */
static uint64_t no_counter(void)
{
	return 0;
}

static void print_id(uint64_t id, bool with_id)
{
	char desc[REGNAME_DESC_MAX];

	regname_describe(id, desc, sizeof(desc));
	if (with_id)
		printf("0x%016" PRIx64 " ", id);
	printf("%s\n", desc);
}

static int list_qemu_a15(void)
{
	static struct vcpu_bank bank;
	static uint64_t ids[NR_CORE_REGS + 128];
	struct abi_vm vm = { .ids = &abi_qemu_a15_ids, .read_counter = no_counter, .nr_vcpus = 1 };
	struct abi_vcpu vcpu;
	struct kvm_vcpu_init init;
	unsigned n;

	abi_vcpu_create(&vcpu, &bank, &vm, 0);
	if (abi_preferred_target(vm.ids, &init) || abi_vcpu_init(&vcpu, &init)) {
		fprintf(stderr, "hypv7-regname: cannot initialise a cortex-a15 vCPU\n");
		return EXIT_BAD_ARG;
	}
	n = abi_num_regs(&vcpu);
	if (n > sizeof(ids) / sizeof(ids[0])) {
		fprintf(stderr, "hypv7-regname: %u registers do not fit\n", n);
		return EXIT_BAD_ARG;
	}
	abi_copy_reg_list(&vcpu, ids);
	for (unsigned i = 0; i < n; i++)
		print_id(ids[i], true);
	return 0;
}

static int one_arg(const char *arg)
{
	uint64_t id;
	int err = regname_parse(arg, &id);

	if (err == -ENOENT) {
		fprintf(stderr, "hypv7-regname: unknown register name '%s'\n", arg);
		return EXIT_BAD_ARG;
	}
	if (err) {
		fprintf(stderr,
			"hypv7-regname: malformed register '%s' "
			"(want 0x<hex id>, a name, cp15:op1,crn,crm,op2 or cp15_64:op1,crm)\n",
			arg);
		return EXIT_BAD_ARG;
	}
	/* A name is answered with its id; an id with what it means. */
	print_id(id, strncmp(arg, "0x", 2) != 0 && strncmp(arg, "0X", 2) != 0);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: hypv7-regname ID|NAME...\n"
			"       hypv7-regname --list\n");
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "--list"))
		return argc == 2 ? list_qemu_a15() : usage();
	for (int i = 1; i < argc; i++)
		if (one_arg(argv[i]))
			status = EXIT_BAD_ARG;
	return status;
}
