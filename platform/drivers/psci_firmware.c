/* Board power control through the firmware's PSCI (SMC conduit). */
#include "platform/platform.h"

#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u

static void psci_firmware_call(uint32_t fn)
{
	register uint32_t r0 __asm__("r0") = fn;
	__asm__ volatile("smc #0" : "+r"(r0) : : "r1", "r2", "r3", "memory");
}

void psci_firmware_system_off(void)
{
	psci_firmware_call(PSCI_SYSTEM_OFF);
}

void psci_firmware_system_reset(void)
{
	psci_firmware_call(PSCI_SYSTEM_RESET);
}
