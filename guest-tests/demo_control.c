/*
 * The default demo's VM 0 (`make run`): it pauses VM 1, prints VM 1's whole
 * register list with names and values, sets VM 1's TPIDRURW, resumes it,
 * waits until VM 1 has noticed (it powers itself off then) and powers the
 * board off.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ctl.h"
#include "hex64.h"
#include <hypv7/regname.h>

#define WORKER_VM 1u
#define NEW_TPIDRURW 0x600dcafeu
#define ID_TPIDRURW ARM_CP15_REG32(0, 13, 0, 2)
#define START_YIELDS 3u /* let VM 1 start and say hello */

static int fail(const char *what, int err)
{
	printf("demo: %s failed: %d\n", what, err);
	return 1;
}

/* One line per register: "0x<id> <name> = 0x<value>". */
static int print_registers(uint32_t handle)
{
	uint64_t *ids;
	uint32_t n;
	int err = ctl_reg_list(handle, &ids, &n);

	if (err)
		return err;
	printf("vm1 is paused; its %lu registers (KVM_GET_REG_LIST order):\n", (unsigned long)n);
	for (uint32_t i = 0; i < n && !err; i++) {
		uint64_t v = 0;
		const char *name = regname_short(ids[i]);
		err = ctl_get(handle, ids[i], &v);
		if (err)
			break;
		if (ctl_reg_size(ids[i]) == sizeof(uint32_t))
			printf(HEX64_FMT " %s = 0x%08lx\n", HEX64_ARGS(ids[i]), name ? name : "?",
			       (unsigned long)v);
		else
			printf(HEX64_FMT " %s = " HEX64_FMT "\n", HEX64_ARGS(ids[i]),
			       name ? name : "?", HEX64_ARGS(v));
	}
	free(ids);
	return err;
}

int main(void)
{
	uint32_t handle = ctl_handle(WORKER_VM);
	int err;

	printf("demo: VM 0 drives VM 1 through the KVM register ABI\n");
	guest_yield(START_YIELDS);
	if ((err = ctl_pause(handle)))
		return fail("VCPU_PAUSE", err);
	if ((err = print_registers(handle)))
		return fail("GET_REG_LIST/GET_ONE_REG", err);
	if ((err = ctl_set(handle, ID_TPIDRURW, NEW_TPIDRURW)))
		return fail("SET_ONE_REG", err);
	printf("set vm1 TPIDRURW = 0x%08lx; resuming vm1\n", (unsigned long)NEW_TPIDRURW);
	if ((err = hv_vcpu_resume(handle)))
		return fail("VCPU_RESUME", err);
	if ((err = ctl_wait_state(handle, HYPV7_VCPU_POWERED_OFF)))
		return fail("waiting for vm1", err);
	printf("vm1 noticed and powered off; demo done\n");
	return 0;
}
