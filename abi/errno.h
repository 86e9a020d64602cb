/*
 * The errno names for hypv7's own code (freestanding: nothing else defines
 * them), with Linux's values from <hypv7/errno.h>.  Not for code that also
 * includes a libc <errno.h>.
 */
#ifndef HYPV7_ABI_ERRNO_H
#define HYPV7_ABI_ERRNO_H

#include <hypv7/errno.h>

#define HYPV7_ERRNO_ENUM(name, value) name = value,
enum hypv7_errno { HYPV7_ERRNO_LIST(HYPV7_ERRNO_ENUM) };
#undef HYPV7_ERRNO_ENUM

#endif /* HYPV7_ABI_ERRNO_H */
