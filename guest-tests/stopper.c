/*
 * The VM1 of isolation tests: it stops itself one way (STOP_HOW, see
 * guest-tests.mk) and must never print the line after that; the other VMs
 * must carry on.
 */
#include <stdint.h>
#include <stdio.h>

#include "smccc.h"

#define STOP_CPU_OFF 1
#define STOP_SYSTEM_OFF 2
#define STOP_BAD_READ 3 /* read outside the VM's RAM */
#define STOP_SMC 4      /* an instruction hypv7 does not handle */
#define STOP_HVC_IMM 5  /* HVC #1: SMCCC calls are HVC #0 */
#define STOP_UART_PC 6  /* a load from the UART into the PC */

#define UART_FR_ADDR 0x09000018u /* the PL011's flag register */

#ifndef STOP_HOW
#error "STOP_HOW must select how the VM stops"
#endif

#define OUTSIDE_RAM_ADDR 0x20000000u /* neither RAM nor the UART page */

static const char *stop_name(void)
{
	switch (STOP_HOW) {
	case STOP_CPU_OFF: return "PSCI CPU_OFF";
	case STOP_SYSTEM_OFF: return "PSCI SYSTEM_OFF";
	case STOP_BAD_READ: return "a read outside RAM";
	case STOP_SMC: return "smc #0";
	case STOP_HVC_IMM: return "hvc #1";
	case STOP_UART_PC: return "ldr pc from the UART";
	default: return "nothing";
	}
}

static void stop(void)
{
	switch (STOP_HOW) {
	case STOP_CPU_OFF: smccc_hvc0(PSCI_CPU_OFF); break;
	case STOP_SYSTEM_OFF: smccc_hvc0(PSCI_SYSTEM_OFF); break;
	case STOP_BAD_READ: (void)*(volatile uint32_t *)OUTSIDE_RAM_ADDR; break;
	case STOP_SMC: __asm__ volatile(".arch_extension sec\n\tsmc #0" ::: "memory"); break;
	case STOP_HVC_IMM: {
		register uint32_t r0 __asm__("r0") = HYPV7_HC_BASE;
		__asm__ volatile("hvc #1" : "+r"(r0) : : "memory");
		break;
	}
	case STOP_UART_PC: __asm__ volatile("ldr pc, [%0]" : : "r"(UART_FR_ADDR) : "memory"); break;
	}
}

int main(void)
{
	printf("stopping via %s\n", stop_name());
	fflush(stdout);
	stop();
	printf("still running after %s\n", stop_name());
	return 1;
}
