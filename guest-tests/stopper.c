/*
 * The VM1 of isolation tests: it stops itself one way (STOP_HOW, see
 * guest-tests.mk) and must never print the line after that; the other VMs
 * must carry on.
 */
#include <stdint.h>
#include <stdio.h>

#include "smccc.h"

#define STOP_CPU_OFF     1
#define STOP_SYSTEM_OFF  2
#define STOP_BAD_READ    3    /* read outside the VM's RAM */
#define STOP_SMC         4    /* an instruction hypv7 does not handle */
#define STOP_DEBUG_REG   5    /* a debug register: they trap (HDCR) */

#ifndef STOP_HOW
#error "STOP_HOW must select how the VM stops"
#endif

#define OUTSIDE_RAM_ADDR 0x20000000u   /* neither RAM nor the UART page */

static const char *stop_name(void)
{
    switch (STOP_HOW) {
    case STOP_CPU_OFF:    return "PSCI CPU_OFF";
    case STOP_SYSTEM_OFF: return "PSCI SYSTEM_OFF";
    case STOP_BAD_READ:   return "a read outside RAM";
    case STOP_SMC:        return "smc #0";
    case STOP_DEBUG_REG:  return "a debug register read";
    default:              return "nothing";
    }
}

static void stop(void)
{
    switch (STOP_HOW) {
    case STOP_CPU_OFF:
        smccc_hvc0(PSCI_CPU_OFF);
        break;
    case STOP_SYSTEM_OFF:
        smccc_hvc0(PSCI_SYSTEM_OFF);
        break;
    case STOP_BAD_READ:
        (void)*(volatile uint32_t *)OUTSIDE_RAM_ADDR;
        break;
    case STOP_SMC:
        __asm__ volatile(".arch_extension sec\n\tsmc #0" ::: "memory");
        break;
    case STOP_DEBUG_REG: {
        uint32_t dbgbvr0;
        __asm__ volatile("mrc p14, 0, %0, c0, c0, 4" : "=r"(dbgbvr0)); /* DBGBVR0 */
        (void)dbgbvr0;
        break;
    }
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
