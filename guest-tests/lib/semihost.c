/* QEMU semihosting file calls (semihost.h): the operation in r0, a block
 * of arguments at r1, the result in r0. */
#include "semihost.h"

#include <stdint.h>
#include <string.h>

#define SYS_OPEN 0x01
#define SYS_CLOSE 0x02
#define SYS_WRITE 0x05
#define SYS_READ 0x06
#define SYS_FLEN 0x0c
#define MODE_READ_BINARY 1  /* "rb" */
#define MODE_WRITE_BINARY 5 /* "wb" */

static int semihost_call(int op, const void *args)
{
	register int r0 __asm__("r0") = op;
	register const void *r1 __asm__("r1") = args;
	__asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory");
	return r0;
}

static int open_file(const char *name, uint32_t mode)
{
	uint32_t args[3] = { (uint32_t)(uintptr_t)name, mode, (uint32_t)strlen(name) };
	return semihost_call(SYS_OPEN, args);
}

static void close_file(int fd)
{
	uint32_t args[1] = { (uint32_t)fd };
	semihost_call(SYS_CLOSE, args);
}

int semihost_write_file(const char *name, const void *buf, size_t len)
{
	int fd = open_file(name, MODE_WRITE_BINARY);
	if (fd < 0)
		return -1;
	uint32_t args[3] = { (uint32_t)fd, (uint32_t)(uintptr_t)buf, (uint32_t)len };
	int left = semihost_call(SYS_WRITE, args); /* bytes not written */
	close_file(fd);
	return left ? -1 : 0;
}

long semihost_file_size(const char *name)
{
	int fd = open_file(name, MODE_READ_BINARY);
	if (fd < 0)
		return -1;
	uint32_t args[1] = { (uint32_t)fd };
	long len = semihost_call(SYS_FLEN, args);
	close_file(fd);
	return len;
}

long semihost_read_file(const char *name, void *buf, size_t max)
{
	long len = semihost_file_size(name);
	if (len < 0 || (size_t)len > max)
		return -1;
	int fd = open_file(name, MODE_READ_BINARY);
	if (fd < 0)
		return -1;
	uint32_t args[3] = { (uint32_t)fd, (uint32_t)(uintptr_t)buf, (uint32_t)len };
	int left = semihost_call(SYS_READ, args); /* bytes not read */
	close_file(fd);
	return left ? -1 : len;
}
