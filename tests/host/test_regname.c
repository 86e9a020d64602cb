/*
 * The decoder: every reference id has a name, the name parses back to the
 * id, descriptions follow the documented format, bad input is refused,
 * and the hypv7-regname tool agrees (run when its path is given).
 */
/* popen() for running the tool is POSIX, not C11. */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "abi/errno.h"
#include "fixture.h"
#include <hypv7/regname.h>
#include <hypv7/reg_table.h>
#include "tap.h"

#define TOOL_LINE_MAX 256

static struct csv_reg csv[CSV_MAX_REGS];
static int n_csv;

static void expect_desc(uint64_t id, const char *want)
{
	char buf[REGNAME_DESC_MAX];

	regname_describe(id, buf, sizeof(buf));
	if (!tap_ok(!strcmp(buf, want), "describe 0x%016" PRIx64 " = \"%s\"", id, want))
		tap_diag("got \"%s\"", buf);
}

static void expect_parse(const char *text, int err, uint64_t want)
{
	uint64_t id = 0;
	int got = regname_parse(text, &id);

	if (err)
		TAP_EQ(got, err, "parse \"%s\" -> error %d", text, err);
	else
		tap_ok(got == 0 && id == want, "parse \"%s\" = 0x%016" PRIx64, text, want);
}

/* The name a description gives (its second word) parses back to the id. */
static bool described_as(const char *desc, uint64_t id)
{
	char word[REGNAME_DESC_MAX];
	const char *start = strchr(desc, ' ');
	size_t len;
	uint64_t parsed;

	if (!start)
		return false;
	start++;
	len = strcspn(start, " ");
	memcpy(word, start, len);
	word[len] = '\0';
	return regname_parse(word, &parsed) == 0 && parsed == id;
}

static void round_trips(void)
{
	bool named = true, parsed = true, described = true;

	for (int i = 0; i < n_csv; i++) {
		const char *name = regname_short(csv[i].id);
		char buf[REGNAME_DESC_MAX];
		uint64_t id;

		if (!name) {
			tap_diag("%s: no short name", csv[i].name);
			named = false;
			continue;
		}
		if (regname_parse(name, &id) || id != csv[i].id) {
			tap_diag("%s: \"%s\" does not parse back", csv[i].name, name);
			parsed = false;
		}
		regname_describe(csv[i].id, buf, sizeof(buf));
		if (!described_as(buf, csv[i].id) ||
		    !strstr(buf, csv[i].bits == 64 ? " u64" : " u32")) {
			tap_diag("%s: description \"%s\"", csv[i].name, buf);
			described = false;
		}
	}
	tap_ok(named, "every reference id has a short name");
	tap_ok(parsed, "every short name parses back to its id");
	tap_ok(described, "every reference id is described by name and size");
	for (unsigned i = 0; i < NR_CORE_REGS; i++)
		if (!abi_core_table[i].name || abi_core_table[i].index != i)
			tap_ok(false, "core table entry %u", i);
}

static void descriptions(void)
{
	expect_desc(0x40200000000f0800ull, "cp15 SCTLR (op1=0 CRn=1 CRm=0 op2=0) u32");
	expect_desc(0x4020000000100000ull, "core usr_regs.ARM_r0 (r0) u32");
	expect_desc(0x4020000000100012ull, "core svc_regs[0] (SP_svc) u32");
	expect_desc(0x40300000000f0100ull, "cp15 TTBR0_64 (op1=0 CRm=2) u64");
	expect_desc(0x4030000000120005ull, "vfp D5 u64");
	expect_desc(0x4020000000121001ull, "vfp FPSCR u32");
	expect_desc(0x4020000000110001ull, "demux CCSIDR[csselr=1] u32");
	expect_desc(0x4030000000140000ull, "fw PSCI_VERSION u64");
	expect_desc(KVM_REG_ARM_TIMER_CTL, "timer TIMER_CTL (op1=0 CRn=14 CRm=3 op2=1) u32");
	expect_desc(KVM_REG_ARM_TIMER_CNT, "timer TIMER_CNT (op1=1 CRm=14) u64");
	expect_desc(KVM_REG_ARM_PTIMER_CTL, "cp15 ? (op1=0 CRn=14 CRm=2 op2=1) u32");
	expect_desc(0x40200000100f0800ull, "cp15 ? (op1=0 CRn=1 CRm=0 op2=0 stray=0x10000000) u32");
	expect_desc(0x4020000000100026ull, "core ? (index=38) u32");
	expect_desc(0x4030000000100000ull, "core ? (index=0) u64");
	expect_desc(0x4030000000140003ull, "fw ? (regno=0x3) u64");
	expect_desc(0x4020000000121002ull, "vfp ? (regno=0x1002) u32");
	expect_desc(0x4020000000110100ull, "demux ? (id=0x01 val=0x00) u32");
	expect_desc(0x4020000000130000ull, "coproc 0x013 ? (low=0x0000) u32");
	expect_desc(0x6030000000100000ull,
		    "invalid (arch=0x60 bits32_51=0x00000 low=0x00100000) u64");
	tap_ok(regname_short(0x4020000000100026ull) == NULL, "no short name for core index 38");
	tap_ok(!strcmp(regname_short(0x4020000000100012ull), "SP_svc"), "short name SP_svc");
}

static void truncation(void)
{
	char buf[8];
	size_t n;

	memset(buf, 'x', sizeof(buf));
	n = regname_describe(0x40200000000f0800ull, buf, 5);
	tap_ok(n == 4 && !strcmp(buf, "cp15") && buf[5] == 'x',
	       "describe truncates and terminates");
	tap_ok(regname_describe(0x40200000000f0800ull, buf, 0) == 0 && buf[0] == 'c',
	       "describe into a zero-length buffer writes nothing");
}

static void parsing(void)
{
	expect_parse("SCTLR", 0, 0x40200000000f0800ull);
	expect_parse("sctlr", 0, 0x40200000000f0800ull);
	expect_parse("TTBR0_64", 0, 0x40300000000f0100ull);
	expect_parse("D17", 0, 0x4030000000120011ull);
	expect_parse("FPSCR", 0, 0x4020000000121001ull);
	expect_parse("CCSIDR[2]", 0, 0x4020000000110002ull);
	expect_parse("CCSIDR[csselr=1]", 0, 0x4020000000110001ull);
	expect_parse("r0", 0, 0x4020000000100000ull);
	expect_parse("r13", 0, 0x402000000010000dull);
	expect_parse("pc", 0, 0x402000000010000full);
	expect_parse("cpsr", 0, 0x4020000000100010ull);
	expect_parse("SP_svc", 0, 0x4020000000100012ull);
	expect_parse("usr_regs.ARM_r0", 0, 0x4020000000100000ull);
	expect_parse("fiq_regs[7]", 0, 0x4020000000100025ull);
	expect_parse("PSCI_VERSION", 0, KVM_REG_ARM_PSCI_VERSION);
	expect_parse("KVM_REG_ARM_PSCI_VERSION", 0, KVM_REG_ARM_PSCI_VERSION);
	expect_parse("TIMER_CNT", 0, KVM_REG_ARM_TIMER_CNT);
	expect_parse("KVM_REG_ARM_TIMER_CTL", 0, KVM_REG_ARM_TIMER_CTL);
	expect_parse("cp15:0,1,0,0", 0, 0x40200000000f0800ull);
	expect_parse("cp15:0,14,2,1", 0, KVM_REG_ARM_PTIMER_CTL);
	expect_parse("cp15_64:1,2", 0, 0x40300000000f0108ull);
	expect_parse("0x40200000000f0800", 0, 0x40200000000f0800ull);
	expect_parse("bogus", -ENOENT, 0);
	expect_parse("", -ENOENT, 0);
	expect_parse("r16", -ENOENT, 0);
	expect_parse("cp15:8,0,0,0", -EINVAL, 0);
	expect_parse("cp15:0,16,0,0", -EINVAL, 0);
	expect_parse("cp15:0,1,0", -EINVAL, 0);
	expect_parse("cp15:0,1,0,0,0", -EINVAL, 0);
	expect_parse("0x", -EINVAL, 0);
	expect_parse("0x4020zz", -EINVAL, 0);
	expect_parse("0x140200000000f08000", -EINVAL, 0);
	expect_parse("CCSIDR[256]", -EINVAL, 0);
	expect_parse("CCSIDR[1", -EINVAL, 0);
}

/* Runs the tool; returns its exit status and first output line. */
static int run_tool(const char *tool, const char *args, char *line, size_t len)
{
	char cmd[TOOL_LINE_MAX * 2];
	FILE *p;
	int status;

	snprintf(cmd, sizeof(cmd), "%s %s 2>/dev/null", tool, args);
	p = popen(cmd, "r");
	line[0] = '\0';
	if (!p)
		return -1;
	if (fgets(line, (int)len, p))
		line[strcspn(line, "\n")] = '\0';
	while (fgetc(p) != EOF)
		;
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void tool(const char *path)
{
	char line[TOOL_LINE_MAX], cmd[TOOL_LINE_MAX];
	FILE *p;
	int n = 0;
	bool same = true;

	tap_ok(run_tool(path, "0x40200000000f0800", line, sizeof(line)) == 0 &&
		   !strcmp(line, "cp15 SCTLR (op1=0 CRn=1 CRm=0 op2=0) u32"),
	       "tool decodes an id");
	tap_ok(run_tool(path, "SCTLR", line, sizeof(line)) == 0 &&
		   !strcmp(line, "0x40200000000f0800 cp15 SCTLR (op1=0 CRn=1 CRm=0 op2=0) u32"),
	       "tool looks up a name");
	tap_ok(run_tool(path, "NO_SUCH_REG", line, sizeof(line)) == 1,
	       "tool: unknown name exits 1");
	tap_ok(run_tool(path, "0xzz", line, sizeof(line)) == 1, "tool: malformed id exits 1");
	tap_ok(run_tool(path, "", line, sizeof(line)) == 2, "tool: no argument exits 2");

	snprintf(cmd, sizeof(cmd), "%s --list", path);
	p = popen(cmd, "r");
	while (p && fgets(line, sizeof(line), p)) {
		if (n >= n_csv || strtoull(line, NULL, 16) != csv[n].id)
			same = false;
		n++;
	}
	tap_ok(p && pclose(p) == 0 && same && n == n_csv,
	       "tool --list prints the %d reference ids in order", n_csv);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		tap_ok(false, "usage: test_regname reglist-a15.csv [hypv7-regname]");
		return tap_exit();
	}
	n_csv = csv_load(argv[1], csv, CSV_MAX_REGS);
	tap_ok(n_csv > 0, "reference CSV loaded");
	round_trips();
	descriptions();
	truncation();
	parsing();
	if (argc > 2)
		tool(argv[2]);
	return tap_exit();
}
