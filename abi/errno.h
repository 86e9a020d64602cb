/*
 * Linux's errno numbers, which the hypercall ABI returns (negated) exactly
 * as the KVM ioctls do.  hypv7 is freestanding, so nothing else defines
 * them there; guests built against a libc with other numbers (newlib's
 * ENOSYS is 88, Linux's is 38) map them through HYPV7_ERRNO_LIST with
 * HYPV7_ERRNO_LIST_ONLY defined, which suppresses the short names.
 */
#ifndef HYPV7_ABI_ERRNO_H
#define HYPV7_ABI_ERRNO_H

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
	X(ENODEV, 19)       \
	X(EINVAL, 22)       \
	X(ERANGE, 34)       \
	X(ENOSYS, 38)       \
	X(EOPNOTSUPP, 95)

#ifndef HYPV7_ERRNO_LIST_ONLY
#define HYPV7_ERRNO_ENUM(name, value) name = value,
enum hypv7_errno { HYPV7_ERRNO_LIST(HYPV7_ERRNO_ENUM) };
#undef HYPV7_ERRNO_ENUM
#endif

#endif /* HYPV7_ABI_ERRNO_H */
