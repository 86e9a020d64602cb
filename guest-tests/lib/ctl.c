/*
 * Control-VM helpers (ctl.h).
 */
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "ctl.h"
#include "guest.h"

int ctl_get(uint32_t handle, uint64_t id, uint64_t *val)
{
	uint64_t buf = 0;
	struct kvm_one_reg reg = { .id = id, .addr = (uint32_t)(uintptr_t)&buf };
	int err = hv_get_one_reg(handle, &reg);

	if (!err)
		*val = buf;
	return err;
}

int ctl_set(uint32_t handle, uint64_t id, uint64_t val)
{
	/* Little-endian: a u32 register takes the low four bytes. */
	struct kvm_one_reg reg = { .id = id, .addr = (uint32_t)(uintptr_t)&val };

	return hv_set_one_reg(handle, &reg);
}

int ctl_state(uint32_t handle)
{
	uint32_t state;
	int err = hv_vcpu_state(handle, &state);

	return err ? err : (int)state;
}

int ctl_wait_state(uint32_t handle, uint32_t state)
{
	return ctl_wait_state_for(handle, state, CTL_WAIT_YIELDS);
}

int ctl_wait_state_for(uint32_t handle, uint32_t state, uint32_t yields)
{
	for (uint32_t i = 0; i < yields; i++) {
		int s = ctl_state(handle);
		if (s < 0)
			return s;
		if ((uint32_t)s == state)
			return 0;
		guest_wfi();
	}
	return -LNX_EAGAIN;
}

int ctl_pause(uint32_t handle)
{
	int err = hv_vcpu_pause(handle);

	return err ? err : ctl_wait_state(handle, HYPV7_VCPU_PAUSED);
}

int ctl_pause_settled(uint32_t handle, uint32_t yields)
{
	int err = hv_vcpu_pause(handle);

	for (uint32_t i = 0; !err && i < yields; i++) {
		int s = ctl_state(handle);
		if (s != HYPV7_VCPU_RUNNABLE)
			return s;
		guest_wfi();
	}
	return err ? err : -LNX_EAGAIN;
}

int ctl_reg_list(uint32_t handle, uint64_t **ids, uint32_t *n)
{
	struct kvm_reg_list probe = { .n = 0 };
	int err = hv_get_reg_list(handle, &probe);

	if (err != -LNX_E2BIG)
		return err ? err : -LNX_EINVAL;
	struct kvm_reg_list *list = malloc(sizeof(*list) + probe.n * sizeof(uint64_t));
	if (!list)
		return -LNX_ENOMEM;
	list->n = probe.n;
	err = hv_get_reg_list(handle, list);
	if (err) {
		free(list);
		return err;
	}
	*n = (uint32_t)list->n;
	/* Hand back just the ids: move them to the front of the block. */
	memmove(list, list->reg, *n * sizeof(uint64_t));
	*ids = (uint64_t *)list;
	return 0;
}

int ctl_mbox_read(uint32_t vm, struct mbox *m)
{
	return hv_vm_read_mem(vm, MBOX_ADDR, m, sizeof(*m));
}

static int mbox_write_words(uint32_t vm, uint32_t offset, const void *src, uint32_t len)
{
	return hv_vm_write_mem(vm, MBOX_ADDR + offset, src, len);
}

int ctl_mbox_wait_ready(uint32_t vm)
{
	struct mbox m;

	for (struct ctl_patience p = ctl_patience_begin(CTL_WAIT_YIELDS); ctl_patience_left(&p);) {
		int err = ctl_mbox_read(vm, &m);
		if (err)
			return err;
		if (m.magic == MBOX_MAGIC)
			return 0;
		guest_wfi();
	}
	return -LNX_EAGAIN;
}

/* Writes cmd then cmd_seq: the worker acts when cmd_seq changes. */
static int post(uint32_t vm, uint32_t cmd, uint32_t *seq)
{
	struct mbox m;
	int err = ctl_mbox_read(vm, &m);

	if (err)
		return err;
	*seq = m.cmd_seq + 1;
	err = mbox_write_words(vm, offsetof(struct mbox, cmd), &cmd, sizeof(cmd));
	if (!err)
		err = mbox_write_words(vm, offsetof(struct mbox, cmd_seq), seq, sizeof(*seq));
	return err;
}

int ctl_mbox_post(uint32_t vm, uint32_t cmd, uint32_t *seq)
{
	uint32_t s;
	int err = post(vm, cmd, &s);

	if (!err && seq)
		*seq = s;
	return err;
}

int ctl_mbox_wait_done(uint32_t vm, uint32_t seq, struct mbox *out)
{
	struct mbox m;
	int err = 0;

	for (struct ctl_patience p = ctl_patience_begin(CTL_WAIT_YIELDS);
	     !err && ctl_patience_left(&p);) {
		err = ctl_mbox_read(vm, &m);
		if (!err && m.done_seq == seq) {
			if (out)
				*out = m;
			return 0;
		}
		guest_wfi();
	}
	return err ? err : -LNX_EAGAIN;
}

int ctl_mbox_command(uint32_t vm, uint32_t cmd, struct mbox *out)
{
	uint32_t seq;
	int err = post(vm, cmd, &seq);

	return err ? err : ctl_mbox_wait_done(vm, seq, out);
}
