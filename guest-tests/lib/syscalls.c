/*
 * newlib system calls for a hypv7 guest: the console is the VM's PL011
 * (input: what is typed on hypv7's console while this VM has the focus),
 * and leaving the program powers the VM off over PSCI.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "guest.h"
#include "pl011.h"
#include "smccc.h"
#include "smp.h"

#define CONSOLE_FD_LAST 2 /* stdin, stdout, stderr */

/* What newlib calls; its headers do not declare them all. */
void _init(void);
void _fini(void);
int _write(int fd, const char *buf, int len);
int _read(int fd, char *buf, int len);
void _exit(int status);
void *_sbrk(ptrdiff_t incr);
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
off_t _lseek(int fd, off_t offset, int whence);
int _kill(int pid, int sig);
int _getpid(void);

/*
 * newlib's __libc_init_array calls _init; constructors come from
 * .init_array, so there is nothing left for it to do.
 */
void _init(void)
{
}
void _fini(void)
{
}

/* '\n' goes out as is: hypv7 splits the console into lines per VM. Only
 * vCPU 0 uses stdio (smp.h); the lock keeps crash reports of other vCPUs
 * out of the middle of a write. */
int _write(int fd, const char *buf, int len)
{
	if (fd < 0 || fd > CONSOLE_FD_LAST) {
		errno = EBADF;
		return -1;
	}
	guest_console_lock(); /* once secondaries run (smp.h) */
	for (int i = 0; i < len; i++)
		pl011_putc(buf[i]);
	guest_console_unlock();
	return len;
}

/*
 * Console input, polled: waits (yielding the CPU) for a first character,
 * then takes what has arrived, up to the end of a line. Enter on a
 * terminal sends a carriage return: it reads as '\n', as a tty's ICRNL.
 */
int _read(int fd, char *buf, int len)
{
	if (fd < 0 || fd > CONSOLE_FD_LAST) {
		errno = EBADF;
		return -1;
	}
	int n = 0;
	while (n < len) {
		if (pl011_read(PL011_FR) & PL011_FR_RXFE) {
			if (n)
				break;
			guest_wfi();
			continue;
		}
		char c = (char)(pl011_read(PL011_DR) & 0xff);
		buf[n++] = c == '\r' ? '\n' : c;
		if (buf[n - 1] == '\n')
			break;
	}
	return n;
}

void _exit(int status)
{
	(void)status; /* PSCI has no way to hand it on; TAP carries results */
	smccc_hvc0(PSCI_SYSTEM_OFF);
	/* Only reached if the hypervisor refused: stay parked. */
	for (;;)
		guest_wfi();
}

/* The heap runs from the end of the image to the stacks (linker/guest.ld). */
void *_sbrk(ptrdiff_t incr)
{
	static char *brk = __heap_start;
	char *prev = brk;

	if (incr > __heap_end - brk || incr < __heap_start - brk) {
		errno = ENOMEM;
		return (void *)-1;
	}
	brk += incr;
	return prev;
}

int _close(int fd)
{
	(void)fd;
	errno = EBADF;
	return -1;
}

/* Console descriptors are character devices, so stdio line-buffers them. */
int _fstat(int fd, struct stat *st)
{
	if (fd < 0 || fd > CONSOLE_FD_LAST) {
		errno = EBADF;
		return -1;
	}
	st->st_mode = S_IFCHR;
	return 0;
}

int _isatty(int fd)
{
	return fd >= 0 && fd <= CONSOLE_FD_LAST;
}

off_t _lseek(int fd, off_t off, int whence)
{
	(void)fd;
	(void)off;
	(void)whence;
	errno = ESPIPE;
	return -1;
}

int _kill(int pid, int sig)
{
	(void)pid;
	(void)sig;
	errno = EINVAL;
	return -1;
}

int _getpid(void)
{
	return 1;
}
