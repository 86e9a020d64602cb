/*
 * The virtual GICv2 of a VM, on boards whose GIC has the virtualization
 * extensions (board.gich_base): the distributor emulated by trapping
 * (hyp/vgic_dist.c, at GUEST_GICD_IPA), the CPU interface the board's GICV
 * page mapped at GUEST_GICC_IPA, interrupts injected through the list
 * registers (hyp/vgic_lr.c), the list-register backend of hyp/virq.h.
 *
 * Nothing of it costs a guest that never touches its GIC: a vCPU's GICH
 * state joins the world switch only once its VM has touched GICD or GICC
 * (vgic_cpu.used), and the vGIC delivers interrupts only while the guest's
 * distributor is enabled (vgic_dist.enabled); until then the HCR.VI line
 * does, as before, so bare-metal guests that poll their timer and never
 * program a GIC keep working.
 */
#ifndef HYPV7_HYP_VGIC_H
#define HYPV7_HYP_VGIC_H
#include <stdbool.h>
#include <stdint.h>

#include "hyp/virq.h"
#include "platform/drivers/gicv2.h"

/* The guest's GIC: SGIs, PPIs and one word of SPIs (the guest machine's
 * UART is SPI 1), an interrupt for each line a vCPU has (hyp/virq.h). */
#define VGIC_NR_IRQS VIRQ_MAX_INTID
#define VGIC_NR_SPI_BANKS ((VGIC_NR_IRQS - GIC_NR_PRIVATE) / GIC_IRQS_PER_WORD)
/* List registers hypv7 keeps state for (GIC-400 and QEMU have 4). */
#define VGIC_MAX_LRS 16u

/* Distributor state of 32 interrupts: bit n / entry n = interrupt n. */
struct vgic_bank {
	uint32_t group, enabled, active;
	uint32_t pending; /* latched by the guest (ISPENDR, SGIs), not lines */
	uint32_t edge;    /* ICFGR: SPIs only, PPIs are level, SGIs edge */
	uint8_t priority[GIC_IRQS_PER_WORD];
	uint8_t targets[GIC_IRQS_PER_WORD];
};

/* Per VM. */
struct vgic_dist {
	bool enabled; /* GICD_CTLR.Enable: the vGIC, not HCR.VI, delivers */
	struct vgic_bank spis[VGIC_NR_SPI_BANKS];
};

/* Per vCPU: its banked SGIs and PPIs, and its GICH state. */
struct vgic_cpu {
	bool used; /* its VM has touched the GIC: GICH is switched with it */
	/* Something for its LRs came while it was loaded on another CPU:
	 * that CPU fills them (hyp/smp.h), or the next load does. */
	bool flush_pending;
	struct vgic_bank priv;
	uint8_t sgi_sources[GIC_NR_SGIS]; /* bit n: SGI pending from vCPU n */
	uint32_t lr_used;                 /* bit n: LR n holds an interrupt */
	uint32_t hcr, vmcr, apr;          /* saved while it is not loaded */
	uint32_t lr[VGIC_MAX_LRS];
};

struct vm;
struct vcpu;

/* Boot: reads the number of LRs, registers the maintenance interrupt. */
void vgic_init(void);
/* A secondary CPU: its GICH (banked per CPU) starts empty. */
void vgic_init_this_cpu(void);
/* Gives the VM a GIC at the guest machine's addresses (MMIO registry) if
 * the board can; 0, or an errno from the registry. */
int vgic_attach(struct vm *vm);

/* Back to the GIC's reset state, its vCPUs put (VM reset). */
void vgic_reset(struct vm *vm);

/* The list-register backend (hyp/vgic_lr.c). */
/* Puts what is pending and enabled into free LRs. */
void vgic_flush(struct vcpu *vcpu);
/* A line of the vCPU changed level (hyp/virq.c, with the vGIC enabled). */
void vgic_line_changed(struct vcpu *vcpu, unsigned intid, bool level);
/* What the LRs of a vCPU hold, for the distributor's view of it (its
 * copies unless loaded here; nothing for one loaded on another CPU): the
 * interrupts base..base+31 in `state` (GICH_LR_PENDING or _ACTIVE); the
 * sources of SGI `sgi` pending there. */
uint32_t vgic_lr_bits(const struct vcpu *vcpu, unsigned base, uint32_t state);
uint8_t vgic_lr_sgi_sources(const struct vcpu *vcpu, unsigned sgi);
/* ICPENDR / ICACTIVER: `state` leaves the LRs of the interrupts of `mask`
 * (base..base+31); an LR left with no state is freed. */
void vgic_lr_clear(struct vcpu *vcpu, unsigned base, uint32_t mask, uint32_t state);
/* The distributor was disabled: pending interrupts leave the LRs. */
void vgic_retract_pending(struct vcpu *vcpu);
/* Whether an interrupt waits in the vCPU's LRs or for one (WFI wakes). */
bool vgic_has_pending(const struct vcpu *vcpu);
/* The VM touched its GIC: its vCPUs' GICH state is theirs from now on. */
void vgic_claim(struct vm *vm);
/* World switch of GICH, for vCPUs with `used` only (hyp/switch.c). */
void vgic_save(struct vcpu *vcpu);
void vgic_restore(const struct vcpu *vcpu);
/* The distributor's view of an interrupt of `vcpu`: its bank, or NULL
 * for an interrupt id beyond VGIC_NR_IRQS. */
struct vgic_bank *vgic_bank_of(struct vcpu *vcpu, unsigned intid);
/* The raised lines (hyp/virq.h) of the 32 interrupts from `base` (a
 * multiple of 32) as `vcpu`'s distributor sees them: its own for SGIs and
 * PPIs; for SPIs the VM's, whichever of its vCPUs a source raised them on. */
uint32_t vgic_lines(const struct vcpu *vcpu, unsigned base);

/* The device-attribute ABI (hyp/vgic_attr.c) on a stopped vCPU's view of
 * the distributor: whether a register is at `offset` (word-aligned), and a
 * 32-bit GET or SET of it: 0, -ENXIO (no register), -EINVAL (an IIDR that
 * differs). */
bool vgic_dist_reg_exists(uint32_t offset);
int vgic_dist_uaccess(struct vcpu *vcpu, uint32_t offset, bool write, uint32_t *value);
#endif
