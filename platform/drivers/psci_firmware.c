/* Board power control through the firmware's PSCI (SMC conduit). */
#include "platform/platform.h"

#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_CPU_ON 0x84000003u
#define PSCI_E_NOT_SUPPORTED (-1)

static int32_t psci_firmware_call(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
	register uint32_t r0 __asm__("r0") = fn;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;
	__asm__ volatile("smc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory");
	return (int32_t)r0;
}

void psci_firmware_system_off(void)
{
	psci_firmware_call(PSCI_SYSTEM_OFF, 0, 0, 0);
}

void psci_firmware_system_reset(void)
{
	psci_firmware_call(PSCI_SYSTEM_RESET, 0, 0, 0);
}

bool psci_firmware_present;

/* The core starts at `entry` in the caller's mode (Hyp), r0 = its index
 * as the context id. MPIDR = Aff0 for the one cluster these boards have. */
int psci_firmware_cpu_on(unsigned cpu, uintptr_t entry)
{
	if (!psci_firmware_present)
		return PSCI_E_NOT_SUPPORTED;
	return psci_firmware_call(PSCI_CPU_ON, cpu, (uint32_t)entry, cpu);
}
