/* Guest exits other than HVC #0 and interrupts (hyp/trap.c). */
#ifndef HYPV7_HYP_TRAP_H
#define HYPV7_HYP_TRAP_H

/* Fills the dispatch table's holes, once at boot, before any guest runs. */
void trap_init(void);
#endif
