/*
 * Output of the fuzz guests: whole lines straight to the UART (no stdio
 * state, so a VM that the control VM restarts from its entry can print at
 * once), and failure lines that carry what reproduces them: the seed, the
 * call's number and the call itself (docs/fuzzing.md).
 */
#ifndef FUZZ_PRINT_H
#define FUZZ_PRINT_H

#include <stdint.h>

#define FUZZ_DESC_MAX 200
/* Failures printed in full; later ones are only counted. */
#define FUZZ_FAILS_PRINTED 40u

struct fuzz_run {
	uint64_t seed;
	uint32_t call; /* the call being checked */
	uint32_t failures;
	uint32_t first_failed_call; /* the call the first failure was seen at */
	char desc[FUZZ_DESC_MAX];   /* that call, in words */
};

extern struct fuzz_run fuzz_run;

/* printf to the console, one line at a time (no newline added). */
void fuzz_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Counts a failure of the current call and prints
 * "FUZZ FAIL seed 0x... call N: <message>", then "  in: <desc>" (the
 * console cuts lines at 160 characters: each part on its own). */
void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The seed as two words, for "0x%08lx%08lx". */
#define FUZZ_SEED_ARGS(s) (unsigned long)((uint64_t)(s) >> 32), (unsigned long)(uint32_t)(s)

#endif
