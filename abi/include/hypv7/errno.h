/*
 * Linux's errno numbers, which hypv7's hypercalls return (negated) exactly
 * as the KVM ioctls do; docs/abi.md lists them.  Guests whose libc numbers
 * differ (newlib's ENOSYS is 88, Linux's 38) translate through this list;
 * the hypervisor gets the short names from abi/errno.h.
 */
#ifndef HYPV7_ERRNO_H
#define HYPV7_ERRNO_H

/* X(name, Linux value): the one list of the errno values hypv7 uses. */
#define HYPV7_ERRNO_LIST(X) \
	X(EPERM, 1)         \
	X(ENOENT, 2)        \
	X(EIO, 5)           \
	X(E2BIG, 7)         \
	X(ENOEXEC, 8)       \
	X(EBADF, 9)         \
	X(EAGAIN, 11)       \
	X(ENOMEM, 12)       \
	X(EACCES, 13)       \
	X(EFAULT, 14)       \
	X(EBUSY, 16)        \
	X(EEXIST, 17)       \
	X(ENXIO, 6)         \
	X(ENODEV, 19)       \
	X(EINVAL, 22)       \
	X(ERANGE, 34)       \
	X(ENOSYS, 38)       \
	X(EOPNOTSUPP, 95)

/* HYPV7_LNX_<name>: Linux's value, for code that may also see a libc's
 * <errno.h> with other numbers (the client, the decoder in guests). */
#define HYPV7_LNX_ERRNO_ENUM(name, value) HYPV7_LNX_##name = value,
enum hypv7_lnx_errno { HYPV7_ERRNO_LIST(HYPV7_LNX_ERRNO_ENUM) };
#undef HYPV7_LNX_ERRNO_ENUM

#endif /* HYPV7_ERRNO_H */
