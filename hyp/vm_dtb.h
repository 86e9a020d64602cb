/*
 * A VM's device tree: written by hypv7 from the VM's config
 * (hyp/vm_config.h) and the guest machine (<hypv7/guest_machine.h>), or the
 * user's own (VMn_DTB=), placed in the VM's RAM where Linux's boot protocol
 * wants it; the vCPU enters with r2 = its IPA.
 */
#ifndef HYPV7_VM_DTB_H
#define HYPV7_VM_DTB_H
#include <stdint.h>

#include "platform/platform.h" /* MiB() */

/* Linux (Documentation/arch/arm/booting.rst): a tree is at most 1 MiB, on
 * an 8-byte boundary, where the kernel's decompression will not overwrite
 * it, inside the kernel's low-memory mapping. hypv7 puts it at the start
 * of the last 2 MiB of the VM's RAM, counting only the first 512 MiB of
 * RAM (low memory for any split of the kernel's address space); a VM of
 * less than 4 MiB gets it in the middle of its RAM. tools/mkvmconfig
 * refuses a VMn_DTB= larger than VM_DTB_MAX_SIZE. */
#define VM_DTB_MAX_SIZE MiB(1)
#define VM_DTB_REGION_SIZE MiB(2)
#define VM_DTB_LOWMEM_LIMIT MiB(512)
#define VM_DTB_ALIGN 8u

struct vm;

/* Where the VM's tree goes, as an offset into its RAM: the same for every
 * image, so a kernel's layout can keep clear of it (hyp/zimage.h). */
uint32_t vm_dtb_offset(const struct vm *vm);

/* Writes the VM's tree into its RAM (the image must be loaded: the tree
 * goes after it) and sets vm->dtb_ipa. 0, or -EINVAL with a message. */
int vm_dtb_install(struct vm *vm);

#endif
