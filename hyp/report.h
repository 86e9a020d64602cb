/* Stopping a VM with a report when it did something hypv7 does not handle. */
#ifndef HYPV7_REPORT_H
#define HYPV7_REPORT_H
#include <stdint.h>
struct vcpu;
/* Stops the vCPU's VM and prints what happened: the VM, PC, CPSR, the
 * decoded HSR, fault addresses and the registers under their KVM names. */
void vm_fault(struct vcpu *vcpu, uint32_t hsr, const char *why);
/* A fault in hypv7 itself: print and halt the board. */
void hyp_panic_exception(uint32_t kind, const uint32_t *regs, uint32_t elr)
    __attribute__((noreturn));
#endif
