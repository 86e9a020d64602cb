/*
 * A tiny TAP producer. Output goes through stdio (line buffered), so each
 * result is one whole line on the VM's console: "ok 3 - name".
 */
#ifndef TAP_H
#define TAP_H

#include <stdint.h>

void tap_plan(int n);
/* Prints ok/not ok with a printf-style name; returns cond (as 0/1). */
int tap_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* tap_ok(got == want) with a "# got .. want .." diagnostic on failure. */
int tap_is_u32(uint32_t got, uint32_t want, const char *name);
/* A "# ..." comment line. */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Exit status for main: 0 iff every result passed and the plan was met. */
int tap_done(void);

#endif
