/* Spins forever without yielding: only a preempting scheduler lets others run. */
#include <stdio.h>

int main(void)
{
	volatile unsigned long spins = 0;

	puts("spinning forever");
	for (;;)
		spins++;
}
