/*
 * Reaching a guest's memory by the addresses the guest uses: virtual
 * addresses translate through the guest's stage 1 and stage 2 (the CPU's
 * ATS12NSOPR/ATS12NSOPW), so a buffer that does not translate, or that is
 * not writable where hypv7 writes, fails before anything is copied.
 * The caller must be the loaded vCPU (its translation regime is live).
 */
#ifndef HYPV7_GUEST_MEM_H
#define HYPV7_GUEST_MEM_H
#include <stdbool.h>
#include <stdint.h>

struct vcpu;
struct vm;
/* Brackets a hypercall: translations are kept for one call only, and the
 * end puts back the caller's PAR, which the translations overwrite. */
void guest_mem_begin_call(void);
void guest_mem_end_call(void);
/* 0 or -EFAULT; on -EFAULT nothing was copied. */
int copy_from_guest(struct vcpu *vcpu, void *dst, uint64_t gva, uint32_t len);
int copy_to_guest(struct vcpu *vcpu, uint64_t gva, const void *src, uint32_t len);
/* 0 if all of [gva, gva + len) translates (writable if `write`). */
int guest_range_ok(struct vcpu *vcpu, uint64_t gva, uint32_t len, bool write);
/* A VM's RAM by IPA: where Hyp sees it, or 0 if not all inside its RAM. */
uint8_t *vm_ram_at(struct vm *vm, uint64_t ipa, uint32_t len);
#endif
