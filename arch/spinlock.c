/* Whether spinlocks lock yet (arch/spinlock.h says why they may not). */
#include "arch/spinlock.h"

bool spinlocks_enabled;

void spinlocks_enable(void)
{
	spinlocks_enabled = true;
}
