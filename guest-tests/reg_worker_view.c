/*
 * Both directions between the ABI and the guest itself:
 *  - the worker loads known values (TPIDR*, D0..D31, FPSCR, SP_irq) and the
 *    control VM, with the worker paused, GETs them (GET_MULTI for D0..D31);
 *  - the control VM SETs other values (SET_MULTI for D0..D31) and the worker,
 *    resumed, reads them with mrc/vstm and reports them in its mailbox.
 */
#include <stdint.h>

#include "ctl.h"
#include "hex64.h"
#include "tap.h"
#include "worker_regs.h"

#define WORKER_VM 1u
#define NR_TESTS 11

#define CP15_ID(op1, crn, crm, op2) ARM_CP15_REG32(op1, crn, crm, op2)
#define ID_TPIDRURW CP15_ID(0, 13, 0, 2)
#define ID_TPIDRURO CP15_ID(0, 13, 0, 3)
#define ID_TPIDRPRW CP15_ID(0, 13, 0, 4)
#define ID_CONTEXTIDR CP15_ID(0, 13, 0, 1)
#define ID_DACR CP15_ID(0, 3, 0, 0)
#define ID_VBAR CP15_ID(0, 12, 0, 0)
#define ID_FPSCR (KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_VFP | KVM_REG_ARM_VFP_FPSCR)
#define ID_D(n) (KVM_REG_ARM | KVM_REG_SIZE_U64 | KVM_REG_ARM_VFP | (n))
#define ID_SP_IRQ core_id(KVM_REG_ARM_CORE_REG(irq_regs[0]))

/* What the control VM sets. */
#define SET_TPIDRURW 0x600dcafeu
#define SET_TPIDRURO 0x0badf00du
#define SET_TPIDRPRW 0x5ca1ab1eu
#define SET_CONTEXTIDR 0x00000042u /* ASID 0x42; the worker's maps are global */
#define SET_DACR 0x55555555u       /* every domain client: still works */
#define SET_VBAR 0x40100000u       /* the worker puts its own back at once */
#define SET_FPSCR 0x03000000u      /* DN | FZ */
#define SET_D(n) (0xfedcba9800000000ull ^ ((uint64_t)(n) << 48) ^ (0x01010101u * (n)))

static uint32_t handle;

static uint64_t core_id(unsigned index)
{
	return KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | index;
}

static int get_is(uint64_t id, uint64_t want, const char *name)
{
	uint64_t got = 0;
	int err = ctl_get(handle, id, &got);
	int ok = tap_ok(!err && got == want, "control reads the worker's %s", name);

	if (!ok)
		tap_diag("err %d got " HEX64_FMT " want " HEX64_FMT, err, HEX64_ARGS(got),
			 HEX64_ARGS(want));
	return ok;
}

static void test_read_published(void)
{
	struct kvm_one_reg regs[WORKER_NR_D];
	uint64_t vals[WORKER_NR_D];
	uint32_t failed = 0;
	unsigned wrong = 0;

	int err = ctl_mbox_command(WORKER_VM, MBOX_CMD_PUBLISH, 0);
	if (!err)
		err = ctl_pause(handle);
	tap_ok(err == 0, "worker published its values and is paused (%d)", err);
	get_is(ID_TPIDRURW, PUB_TPIDRURW, "TPIDRURW");
	get_is(ID_TPIDRURO, PUB_TPIDRURO, "TPIDRURO");
	get_is(ID_TPIDRPRW, PUB_TPIDRPRW, "TPIDRPRW");
	get_is(ID_FPSCR, PUB_FPSCR, "FPSCR");
	get_is(ID_SP_IRQ, PUB_SP_IRQ, "banked SP_irq");
	for (unsigned n = 0; n < WORKER_NR_D; n++)
		regs[n] = (struct kvm_one_reg){ ID_D(n), (uint32_t)(uintptr_t)&vals[n] };
	err = hv_get_multi(handle, regs, WORKER_NR_D, &failed);
	for (unsigned n = 0; !err && n < WORKER_NR_D; n++)
		wrong += vals[n] != pub_d(n);
	tap_ok(err == 0 && wrong == 0, "GET_MULTI reads the worker's D0..D31 (%d, %u wrong)", err,
	       wrong);
}

/* With the worker paused: set everything, post REPORT, resume, wait. */
static int set_and_report(struct mbox *m)
{
	struct kvm_one_reg regs[WORKER_NR_D];
	uint64_t vals[WORKER_NR_D];
	uint32_t failed = 0, seq = 0;
	int err = ctl_set(handle, ID_TPIDRURW, SET_TPIDRURW);

	err = err ? err : ctl_set(handle, ID_TPIDRURO, SET_TPIDRURO);
	err = err ? err : ctl_set(handle, ID_TPIDRPRW, SET_TPIDRPRW);
	err = err ? err : ctl_set(handle, ID_CONTEXTIDR, SET_CONTEXTIDR);
	err = err ? err : ctl_set(handle, ID_DACR, SET_DACR);
	err = err ? err : ctl_set(handle, ID_VBAR, SET_VBAR);
	err = err ? err : ctl_set(handle, ID_FPSCR, SET_FPSCR);
	for (unsigned n = 0; n < WORKER_NR_D; n++) {
		vals[n] = SET_D(n);
		regs[n] = (struct kvm_one_reg){ ID_D(n), (uint32_t)(uintptr_t)&vals[n] };
	}
	err = err ? err : hv_set_multi(handle, regs, WORKER_NR_D, &failed);
	err = err ? err : ctl_mbox_post(WORKER_VM, MBOX_CMD_REPORT, &seq);
	err = err ? err : hv_vcpu_resume(handle);
	return err ? err : ctl_mbox_wait_done(WORKER_VM, seq, m);
}

static void test_worker_sees(void)
{
	static const struct {
		unsigned slot;
		uint32_t want;
		const char *name;
	} cp15[] = {
		{ REP_TPIDRURW, SET_TPIDRURW, "TPIDRURW" },
		{ REP_TPIDRURO, SET_TPIDRURO, "TPIDRURO" },
		{ REP_TPIDRPRW, SET_TPIDRPRW, "TPIDRPRW" },
		{ REP_CONTEXTIDR, SET_CONTEXTIDR, "CONTEXTIDR" },
		{ REP_DACR, SET_DACR, "DACR" },
		{ REP_VBAR, SET_VBAR, "VBAR" },
		{ REP_FPSCR, SET_FPSCR, "FPSCR" },
	};
	struct mbox m;
	unsigned wrong = 0;
	int err = set_and_report(&m);

	tap_ok(err == 0, "SET (SET_MULTI for D0..D31), resume, worker reported (%d)", err);
	for (unsigned i = 0; !err && i < sizeof(cp15) / sizeof(cp15[0]); i++)
		if (m.data[cp15[i].slot] != cp15[i].want) {
			wrong++;
			tap_diag("worker sees %s 0x%08lx, want 0x%08lx", cp15[i].name,
				 (unsigned long)m.data[cp15[i].slot], (unsigned long)cp15[i].want);
		}
	tap_ok(!err && wrong == 0,
	       "worker sees TPIDRURW/URO/PRW, CONTEXTIDR, DACR, VBAR, FPSCR as set");
	wrong = 0;
	for (unsigned n = 0; !err && n < WORKER_NR_D; n++) {
		uint64_t d = m.data[REP_D0_LO + 2 * n] | (uint64_t)m.data[REP_D0_LO + 2 * n + 1]
							     << 32;
		wrong += d != SET_D(n);
	}
	tap_ok(!err && wrong == 0, "worker sees D0..D31 as set (%u wrong)", wrong);
}

int main(void)
{
	tap_plan(NR_TESTS);
	handle = ctl_handle(WORKER_VM);
	tap_ok(ctl_mbox_wait_ready(WORKER_VM) == 0, "worker is up");
	test_read_published();
	test_worker_sees();
	return tap_done();
}
