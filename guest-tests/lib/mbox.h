/*
 * A mailbox between a control VM (VM 0) and a worker VM: one page of the
 * worker's RAM at a fixed IPA, read and written by VM 0 with
 * VM_READ_MEM / VM_WRITE_MEM. Both sides are linked by linker/guest.ld,
 * so the worker's persistent page (identity-mapped, caches off: no stale
 * lines) is at the same address in every guest; VM 0 uses that address as
 * the IPA in the worker.
 */
#ifndef MBOX_H
#define MBOX_H

#include <stdint.h>

#include "guest.h"

#define MBOX_MAGIC 0x6d626f78u /* "mbox": the worker is up */
#define MBOX_WORDS 96u

/* Commands VM 0 posts; the worker answers by copying `cmd_seq` to `done_seq`. */
enum mbox_cmd {
	MBOX_CMD_NONE = 0,
	MBOX_CMD_PUBLISH,    /* load known values into registers, then hold */
	MBOX_CMD_REPORT,     /* copy what VM 0 set into `data`, print it */
	MBOX_CMD_CPU_OFF,    /* PSCI CPU_OFF */
	MBOX_CMD_SYSTEM_OFF, /* PSCI SYSTEM_OFF */
	MBOX_CMD_BAD_READ,   /* read outside RAM: stopped by a fault */
	MBOX_CMD_EXIT,       /* leave main (powers the VM off) */
};

struct mbox {
	uint32_t magic;
	uint32_t cmd;
	uint32_t cmd_seq;  /* VM 0 bumps it with every command */
	uint32_t done_seq; /* the worker copies cmd_seq here when done */
	uint32_t data[MBOX_WORDS];
};

/* Where the mailbox lives, as the worker's address and as an IPA. */
#define MBOX_ADDR ((uint32_t)(uintptr_t)__persist_page)

static inline volatile struct mbox *mbox_self(void)
{
	return (volatile struct mbox *)__persist_page;
}

#endif
