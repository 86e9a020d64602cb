/*
 * VM 2 and VM 4 of the fuzz image (fuzz.h). VM 2 is the victim: VM 0 sets
 * random values into its registers and memory and resumes it; whatever it
 * then does (most often it faults at once, with hypv7's report), only it
 * may suffer. When VM 0 re-initialises it with the guest contract's entry
 * registers, it runs this program again: it counts its loops in its
 * mailbox and yields (its crash reports are its own, see
 * rename_crash_reports). VM 4 is created stopped and never initialised: its
 * vCPU is there for -ENOEXEC, its RAM for VM_READ_MEM / VM_WRITE_MEM.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_print.h"
#include "guest.h"

/* From linker/guest.ld: code and read-only data end where exidx starts. */
extern char __exidx_start[];

/*
 * Crashing is the victim's job: on random state it often takes an
 * exception into crt0's handler (guest-tests/lib/exceptions.c), whose
 * "guest exception:" line every guest test rejects. Its own copy of that
 * text becomes "Guest exception:" (still reported, not rejected); the
 * search key differs in its first letter so that it does not find itself.
 */
static void rename_crash_reports(void)
{
	static const char key[] = "Guest exception:";
	const size_t len = sizeof(key) - 1;

	for (char *p = _start; p + len <= __exidx_start; p++)
		if (*p == 'g' && !memcmp(p + 1, key + 1, len - 1))
			*p = key[0];
}

static volatile struct fuzz_victim_mbox *mbox(void)
{
	return (volatile struct fuzz_victim_mbox *)MBOX_ADDR;
}

int main(void)
{
	volatile struct fuzz_victim_mbox *m = mbox();

	if (m->magic != FUZZ_VICTIM_MAGIC) {
		m->boots = 0;
		m->loops = 0;
	}
	rename_crash_reports();
	m->boots++;
	m->magic = FUZZ_VICTIM_MAGIC;
	fuzz_printf("victim up (boot %lu)\n", (unsigned long)m->boots);
	for (;;) {
		m->loops++;
		guest_wfi();
	}
}
