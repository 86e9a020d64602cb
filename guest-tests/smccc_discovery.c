/* SMCCC discovery calls in hypv7's vendor hypervisor range, and unknown ids. */
#include "smccc.h"
#include "tap.h"

static const uint32_t unknown_ids[] = {
	0x8600FFF0u, /* vendor hypervisor range, unassigned */
	0xC4000000u, /* SMC64 PSCI range: not for a 32-bit guest */
	0x82000000u, /* SiP service range */
	0x86000000u, /* vendor hypervisor range, function 0: unassigned */
};

#define UNKNOWN_COUNT ((int)(sizeof(unknown_ids) / sizeof(unknown_ids[0])))

static int same_result(struct smccc_res a, struct smccc_res b)
{
	return a.a0 == b.a0 && a.a1 == b.a1 && a.a2 == b.a2 && a.a3 == b.a3;
}

static void check_uid(void)
{
	struct smccc_res first = smccc_hvc(HYPV7_HC(UID), 0, 0, 0);
	struct smccc_res second = smccc_hvc(HYPV7_HC(UID), 0, 0, 0);

	tap_diag("UID %08lx %08lx %08lx %08lx", (unsigned long)first.a0, (unsigned long)first.a1,
		 (unsigned long)first.a2, (unsigned long)first.a3);
	tap_ok(first.a0 != SMCCC_NOT_SUPPORTED, "call UID is supported");
	tap_ok(same_result(first, second), "call UID is stable");
}

int main(void)
{
	tap_plan(4 + UNKNOWN_COUNT);

	uint32_t count = smccc_hvc0(HYPV7_HC(CALL_COUNT));
	tap_diag("call count %lu", (unsigned long)count);
	tap_ok(count > 0 && count != SMCCC_NOT_SUPPORTED, "call count is a positive number");

	check_uid();

	struct smccc_res rev = smccc_hvc(HYPV7_HC(REVISION), 0, 0, 0);
	tap_diag("revision %lu.%lu", (unsigned long)rev.a0, (unsigned long)rev.a1);
	tap_ok(rev.a0 != SMCCC_NOT_SUPPORTED, "revision is supported");

	for (int i = 0; i < UNKNOWN_COUNT; i++)
		tap_ok(smccc_hvc0(unknown_ids[i]) == SMCCC_NOT_SUPPORTED,
		       "unknown id 0x%08lx returns NOT_SUPPORTED", (unsigned long)unknown_ids[i]);
	return tap_done();
}
