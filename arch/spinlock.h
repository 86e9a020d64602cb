/*
 * Ticketless spinlock for data shared between physical CPUs.
 * Exclusive loads need the MMU (cacheable memory) on real cores, so until
 * boot turns the MMU on (single CPU anyway) locking is a no-op.
 */
#ifndef HYPV7_SPINLOCK_H
#define HYPV7_SPINLOCK_H
#include <stdbool.h>
#include <stdint.h>

struct spinlock {
	volatile uint32_t locked;
};

extern bool spinlocks_enabled;
/* Called once the MMU is on: from then on locks lock. */
void spinlocks_enable(void);

static inline void spin_lock(struct spinlock *l)
{
	if (!spinlocks_enabled)
		return;
	uint32_t tmp, busy;
	__asm__ volatile("1:	ldrex	%0, [%2]\n"
			 "	teq	%0, #0\n"
			 "	wfene\n"
			 "	strexeq	%1, %3, [%2]\n"
			 "	teqeq	%1, #0\n"
			 "	bne	1b\n"
			 "	dmb\n"
			 : "=&r"(tmp), "=&r"(busy)
			 : "r"(&l->locked), "r"(1)
			 : "cc", "memory");
}

static inline void spin_unlock(struct spinlock *l)
{
	if (!spinlocks_enabled)
		return;
	__asm__ volatile("dmb\n"
			 "	str	%1, [%0]\n"
			 "	dsb\n"
			 "	sev\n"
			 :
			 : "r"(&l->locked), "r"(0)
			 : "memory");
}
#endif
