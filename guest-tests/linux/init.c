/*
 * The init (PID 1) of the Linux guest tests: a static program that checks
 * hypv7 from inside an unmodified Linux kernel, prints TAP on the console
 * (the emulated PL011, ttyAMA0) and powers the VM off through PSCI.
 *
 * It checks what a Linux VM needs from hypv7: the virtual timer's interrupt
 * arrives through the virtual GIC (its count in /proc/interrupts grows),
 * sleeps end on time, the GIC and the UART are what Linux found, and the
 * UART takes a write. The kernel command line option hypv7_init.rounds=N
 * (default 1) repeats a timer workload N times, printing "progress k/N",
 * for long runs. It prints how many CPUs Linux brought up ("cpus online N,
 * cpuinfo N": sysconf and /proc/cpuinfo). Whatever fails, it still powers
 * off: reboot(RB_POWER_OFF), which Linux does by PSCI SYSTEM_OFF.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define NSEC_PER_MSEC 1000000ll
#define MSEC_PER_SEC 1000ll

/* What Linux names in /proc/interrupts: the GICv2 driver's irq chip, the
 * architected timer's handler and the PL011 driver's. */
#define GIC_CHIP_NAME "GIC-0"
#define TIMER_IRQ_NAME "arch_timer"
#define UART_IRQ_NAME "uart-pl011"

#define CONSOLE_PATH "/dev/console"
#define UART_TTY_PATH "/dev/ttyAMA0"

#define TIMER_TICK_SLEEP_MS 100
#define SLEEP_CHECK_MS 200
#define ROUNDS_OPTION "hypv7_init.rounds="
#define DEFAULT_ROUNDS 1ul
/* A bound that keeps a typo from meaning years. */
#define MAX_ROUNDS 1000000ul

#define INTERRUPTS_MAX 16384
#define CPUINFO_MAX 16384
#define CMDLINE_MAX 4096

enum test_id {
	TEST_MOUNTS = 1,
	TEST_GIC,
	TEST_TIMER_TICKS,
	TEST_SLEEP,
	TEST_UART_WRITE,
	TEST_UART_IRQ,
	TEST_WORKLOAD,
	TEST_COUNT = TEST_WORKLOAD,
};

struct mount_point {
	const char *source, *target, *type;
};

/* devtmpfs first: it holds the console when the kernel did not open it. */
static const struct mount_point mounts[] = {
	{ "devtmpfs", "/dev", "devtmpfs" },
	{ "proc", "/proc", "proc" },
	{ "sysfs", "/sys", "sysfs" },
};
#define NR_MOUNTS (sizeof(mounts) / sizeof(mounts[0]))

/* 0 or the errno of mounting m. */
static int mount_fs(const struct mount_point *m)
{
	mkdir(m->target, 0755);
	return mount(m->source, m->target, m->type, 0, NULL) == 0 || errno == EBUSY ? 0 : errno;
}

static bool mount_reported(const struct mount_point *m, int err)
{
	if (err)
		tap_diag("mount %s on %s: %s", m->type, m->target, strerror(err));
	return !err;
}

/* stdin, stdout and stderr on the console. The kernel opens them from the
 * /dev/console of the initramfs built into it (every kernel whose
 * CONFIG_INITRAMFS_SOURCE is empty has one); a kernel built with another
 * initramfs may lack it, then they are opened from the devtmpfs. */
static void open_console(void)
{
	if (fcntl(STDOUT_FILENO, F_GETFD) != -1)
		return;
	int fd = open(CONSOLE_PATH, O_RDWR | O_NOCTTY);

	if (fd < 0)
		return; /* nowhere to report; the power-off still happens */
	for (int std = STDIN_FILENO; std <= STDERR_FILENO; std++)
		if (fd != std)
			dup2(fd, std);
	if (fd > STDERR_FILENO)
		close(fd);
}

/* The whole of file `path`, NUL-terminated, into buf; false if unreadable. */
static bool read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n = 0;

	if (fd < 0)
		return false;
	while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	return n >= 0;
}

static char interrupts[INTERRUPTS_MAX];

static bool read_interrupts(void)
{
	if (read_file("/proc/interrupts", interrupts, sizeof(interrupts)))
		return true;
	tap_diag("cannot read /proc/interrupts: %s", strerror(errno));
	return false;
}

/* The line of /proc/interrupts (as last read) that holds `word`, copied
 * into line; false if none. */
static bool interrupt_line(const char *word, char *line, size_t size)
{
	const char *hit = strstr(interrupts, word);

	if (!hit)
		return false;
	const char *start = hit, *end = strchr(hit, '\n');

	while (start > interrupts && start[-1] != '\n')
		start--;
	size_t len = end ? (size_t)(end - start) : strlen(start);

	if (len >= size)
		len = size - 1;
	memcpy(line, start, len);
	line[len] = '\0';
	return true;
}

/* The interrupts of a line: its per-CPU counts, after "NN:", added up. */
static unsigned long long line_count(const char *line)
{
	const char *p = strchr(line, ':');
	unsigned long long total = 0;
	char *end;

	if (!p)
		return 0;
	for (p++;; p = end) {
		unsigned long long n = strtoull(p, &end, 10);

		if (end == p)
			return total;
		total += n;
	}
}

/* The count of the `word` line, re-reading /proc/interrupts; false if none. */
static bool interrupt_count(const char *word, unsigned long long *count)
{
	char line[256];

	if (!read_interrupts() || !interrupt_line(word, line, sizeof(line)))
		return false;
	*count = line_count(line);
	return true;
}

static long long monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * MSEC_PER_SEC + ts.tv_nsec / NSEC_PER_MSEC;
}

/* nanosleep for `ms`, resumed after signals; false if it fails. */
static bool sleep_ms(long ms)
{
	struct timespec want = { .tv_sec = ms / MSEC_PER_SEC,
				 .tv_nsec = (ms % MSEC_PER_SEC) * NSEC_PER_MSEC };

	while (nanosleep(&want, &want) != 0)
		if (errno != EINTR)
			return false;
	return true;
}

static void check_gic(void)
{
	char line[256];
	bool found = read_interrupts() && interrupt_line(GIC_CHIP_NAME, line, sizeof(line));

	tap_ok(found, "the GIC (%s) is in /proc/interrupts", GIC_CHIP_NAME);
	if (found)
		tap_diag("%s", line);
}

/* The timer's count before and after one sleep of `ms`: it must grow. */
static bool timer_ticks_across_sleep(long ms, unsigned long long *before, unsigned long long *after)
{
	return interrupt_count(TIMER_IRQ_NAME, before) && sleep_ms(ms) &&
	       interrupt_count(TIMER_IRQ_NAME, after) && *after > *before;
}

static void check_timer_ticks(void)
{
	char line[256] = "";
	unsigned long long before = 0, after = 0;
	bool ok = timer_ticks_across_sleep(TIMER_TICK_SLEEP_MS, &before, &after);

	interrupt_line(TIMER_IRQ_NAME, line, sizeof(line));
	tap_ok(ok, "%s interrupts grow across a %d ms sleep (%llu -> %llu)", TIMER_IRQ_NAME,
	       TIMER_TICK_SLEEP_MS, before, after);
	tap_diag("%s", line);
}

static void check_sleep(void)
{
	long long start = monotonic_ms();
	bool returned = sleep_ms(SLEEP_CHECK_MS);
	long long took = monotonic_ms() - start;

	tap_ok(returned && took >= SLEEP_CHECK_MS,
	       "nanosleep(%d ms) returns after %lld ms of CLOCK_MONOTONIC", SLEEP_CHECK_MS, took);
}

static void check_uart_write(void)
{
	static const char text[] = "hypv7_init: a line written to " UART_TTY_PATH "\n";
	int fd = open(UART_TTY_PATH, O_WRONLY | O_NOCTTY);
	ssize_t n = -1;
	int drained = -1;

	if (fd >= 0) {
		n = write(fd, text, sizeof(text) - 1);
		drained = tcdrain(fd);
		close(fd);
	} else {
		tap_diag("open %s: %s", UART_TTY_PATH, strerror(errno));
	}
	tap_ok(n == (ssize_t)sizeof(text) - 1 && drained == 0,
	       "%s takes a whole line (write %zd of %zu bytes, tcdrain %d)", UART_TTY_PATH, n,
	       sizeof(text) - 1, drained);
}

static void check_uart_irq(void)
{
	char line[256];
	bool found = read_interrupts() && interrupt_line(UART_IRQ_NAME, line, sizeof(line));

	tap_ok(found, "the PL011's interrupt (%s) is in /proc/interrupts", UART_IRQ_NAME);
	if (found)
		tap_diag("%s", line);
}

/* hypv7_init.rounds=N from /proc/cmdline; DEFAULT_ROUNDS if absent, 0 if
 * malformed or out of range. */
static unsigned long workload_rounds(void)
{
	static char cmdline[CMDLINE_MAX];

	if (!read_file("/proc/cmdline", cmdline, sizeof(cmdline)))
		return DEFAULT_ROUNDS;
	const char *opt = strstr(cmdline, ROUNDS_OPTION);

	if (!opt || (opt != cmdline && opt[-1] != ' '))
		return DEFAULT_ROUNDS;
	const char *digits = opt + strlen(ROUNDS_OPTION);
	char *end;
	unsigned long rounds = strtoul(digits, &end, 10);
	bool whole = end != digits && (*end == ' ' || *end == '\n' || *end == '\0');

	return whole && rounds <= MAX_ROUNDS && digits[0] != '-' ? rounds : 0;
}

/* Each round: a timer interrupt arrives during a sleep, and the sleep lasts. */
static void check_workload(void)
{
	unsigned long rounds = workload_rounds(), good = 0;

	if (rounds == 0) {
		tap_ok(false, "timer workload: %s wants 1..%lu", ROUNDS_OPTION "N", MAX_ROUNDS);
		return;
	}
	for (unsigned long k = 1; k <= rounds; k++) {
		unsigned long long before, after;
		long long start = monotonic_ms();
		bool ok = timer_ticks_across_sleep(TIMER_TICK_SLEEP_MS, &before, &after) &&
			  monotonic_ms() - start >= TIMER_TICK_SLEEP_MS;

		good += ok;
		printf("progress %lu/%lu%s\n", k, rounds, ok ? "" : " (no tick or short sleep)");
	}
	tap_ok(good == rounds, "timer workload: %lu of %lu rounds ticked and slept", good, rounds);
}

/* "processor" lines of /proc/cpuinfo: one per online CPU. */
static int cpuinfo_processors(void)
{
	static char cpuinfo[CPUINFO_MAX];
	int n = 0;

	if (!read_file("/proc/cpuinfo", cpuinfo, sizeof(cpuinfo)))
		return -1;
	for (const char *line = cpuinfo; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (strncmp(line, "processor", strlen("processor")) == 0)
			n++;
	}
	return n;
}

/* Not a TAP result (the plan stays the same for every vCPU count): the
 * tests.list entries of each count expect the line. */
static void print_cpus(void)
{
	printf("cpus online %ld, cpuinfo %d\n", sysconf(_SC_NPROCESSORS_ONLN),
	       cpuinfo_processors());
}

static void power_off(void)
{
	tap_diag("powering off (reboot(RB_POWER_OFF), PSCI SYSTEM_OFF)");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	/* Still here: PID 1 must not exit (the kernel would panic). */
	printf("hypv7_init: power off failed: %s\n", strerror(errno));
	fflush(stdout);
	for (;;)
		pause();
}

/* The virtual counter, which Linux lets user space read (the vDSO does):
 * it counts from the VM's creation (CNTVOFF), so at init's first
 * instruction it says how long the kernel took to get here (make bench). */
static uint64_t virtual_count(void)
{
	uint32_t lo, hi;
	__asm__ volatile("isb\n\tmrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static uint32_t counter_hz(void)
{
	uint32_t f;
	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(f));
	return f;
}

int main(void)
{
	uint64_t started = virtual_count();
	int dev_err = mount_fs(&mounts[0]);

	open_console();
	setvbuf(stdout, NULL, _IOLBF, 0);
	tap_plan(TEST_COUNT);
	tap_diag("init started at virtual count %llu (%lu Hz)", (unsigned long long)started,
		 (unsigned long)counter_hz());
	bool mounted = mount_reported(&mounts[0], dev_err);

	for (size_t i = 1; i < NR_MOUNTS; i++)
		mounted &= mount_reported(&mounts[i], mount_fs(&mounts[i]));
	tap_ok(mounted, "devtmpfs, /proc and /sys mounted");
	print_cpus();
	check_gic();
	check_timer_ticks();
	check_sleep();
	check_uart_write();
	check_uart_irq();
	check_workload();
	tap_done();
	power_off();
}
