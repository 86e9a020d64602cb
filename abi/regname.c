/*
 * Register id <-> text (see regname.h).  All names come from the table
 * expansion in reg_table.c; this file only knows how ids are laid out.
 */
#include <stdbool.h>

#include <hypv7/regname.h>

#include <hypv7/errno.h>
#include <hypv7/reg_table.h>

#define HEX_DIGITS_U64 16
#define HEX_BASE 16
#define DEC_BASE 10
#define BITS_PER_BYTE 8
#define BYTE_MASK 0xffu
#define ID_HIGH_MASK 0x000fffff00000000ull /* bits 32..51: must be zero */
#define ID_ARCH_SHIFT 56
#define ID_HIGH_SHIFT 32
#define ID_LOW_MASK 0xffffffffull
#define COPROC_CP15 15u
#define COPROC_DIGITS 3
#define LOW16_MASK 0xffffull
#define LOW16_DIGITS 4
#define LOW32_DIGITS 8
#define HIGH20_DIGITS 5
#define ARCH_DIGITS 2
#define CSSELR_MAX_PARSED BYTE_MASK
#define MAX_OP 7u
#define MAX_CR 15u
#define MAX_CORE_R 15u

/* ------------------------------------------------------------ output */

struct out {
	char *buf;
	size_t len, pos;
};

static void put_char(struct out *o, char c)
{
	if (o->pos + 1 < o->len)
		o->buf[o->pos++] = c;
}

static void put_str(struct out *o, const char *s)
{
	while (*s)
		put_char(o, *s++);
}

static void put_num(struct out *o, uint64_t x, unsigned base, int min_digits)
{
	char digits[HEX_DIGITS_U64 * 2];
	int n = 0;

	do {
		unsigned d = (unsigned)(x % base);

		digits[n++] = (char)(d < DEC_BASE ? '0' + d : 'a' + d - DEC_BASE);
		x /= base;
	} while (x || n < min_digits);
	while (n)
		put_char(o, digits[--n]);
}

static void put_dec(struct out *o, uint64_t x)
{
	put_num(o, x, DEC_BASE, 1);
}

static void put_hex(struct out *o, uint64_t x, int digits)
{
	put_str(o, "0x");
	put_num(o, x, HEX_BASE, digits);
}

static void put_field(struct out *o, const char *sep, const char *name, uint64_t x)
{
	put_str(o, sep);
	put_str(o, name);
	put_char(o, '=');
	put_dec(o, x);
}

/* " u32", " u64", ... from the size field. */
static void put_size(struct out *o, uint64_t id)
{
	put_str(o, " u");
	put_dec(o, (uint64_t)KVM_REG_SIZE(id) * BITS_PER_BYTE);
}

/* ------------------------------------------------------------ fields */

static unsigned field(uint64_t id, uint64_t mask, unsigned shift)
{
	return (unsigned)((id & mask) >> shift);
}

static bool is_u64(uint64_t id)
{
	return (id & KVM_REG_SIZE_MASK) == KVM_REG_SIZE_U64;
}

/* Bits a cp15 id of this size may not have (bit 15, bits 28..31, ...). */
static uint64_t cp15_stray_bits(uint64_t id)
{
	uint64_t ok = KVM_REG_ARCH_MASK | KVM_REG_SIZE_MASK | KVM_REG_ARM_COPROC_MASK |
		      KVM_REG_ARM_OPC1_MASK | KVM_REG_ARM_CRM_MASK;

	if (!is_u64(id))
		ok |= KVM_REG_ARM_32_CRN_MASK | KVM_REG_ARM_32_OPC2_MASK;
	return id & ~ok;
}

/* "(op1=0 CRn=1 CRm=0 op2=0)" or, for 64-bit ids, "(op1=0 CRm=2)". */
static void put_cp15_fields(struct out *o, uint64_t id)
{
	uint64_t stray = cp15_stray_bits(id);

	put_field(o, " (", "op1", field(id, KVM_REG_ARM_OPC1_MASK, KVM_REG_ARM_OPC1_SHIFT));
	if (!is_u64(id))
		put_field(o, " ", "CRn",
			  field(id, KVM_REG_ARM_32_CRN_MASK, KVM_REG_ARM_32_CRN_SHIFT));
	put_field(o, " ", "CRm", field(id, KVM_REG_ARM_CRM_MASK, KVM_REG_ARM_CRM_SHIFT));
	if (!is_u64(id))
		put_field(o, " ", "op2",
			  field(id, KVM_REG_ARM_32_OPC2_MASK, KVM_REG_ARM_32_OPC2_SHIFT));
	if (stray) {
		put_str(o, " stray=");
		put_hex(o, stray, 1);
	}
	put_char(o, ')');
}

static void put_name_or_unknown(struct out *o, const char *name)
{
	put_char(o, ' ');
	put_str(o, name ? name : "?");
}

static void describe_core(struct out *o, uint64_t id)
{
	uint64_t index = id & ~(KVM_REG_ARCH_MASK | KVM_REG_SIZE_MASK | KVM_REG_ARM_CORE);

	put_str(o, "core");
	if (regname_short(id)) {
		put_char(o, ' ');
		put_str(o, abi_core_table[index].field);
		put_str(o, " (");
		put_str(o, abi_core_table[index].name);
		put_char(o, ')');
	} else {
		put_str(o, " ? (index=");
		put_dec(o, index);
		put_char(o, ')');
	}
}

static void describe_demux(struct out *o, uint64_t id, const struct abi_reg_desc *d)
{
	put_str(o, "demux");
	if (d) {
		put_str(o, " CCSIDR[csselr=");
		put_dec(o, d->slot);
		put_char(o, ']');
		return;
	}
	put_str(o, " ? (id=");
	put_hex(o, field(id, KVM_REG_ARM_DEMUX_ID_MASK, KVM_REG_ARM_DEMUX_ID_SHIFT), ARCH_DIGITS);
	put_str(o, " val=");
	put_hex(o, field(id, KVM_REG_ARM_DEMUX_VAL_MASK, KVM_REG_ARM_DEMUX_VAL_SHIFT), ARCH_DIGITS);
	put_char(o, ')');
}

/* Groups whose unknown ids are best shown as a register number. */
static void describe_numbered(struct out *o, const char *class, uint64_t id,
			      const struct abi_reg_desc *d)
{
	put_str(o, class);
	put_name_or_unknown(o, d ? d->name : NULL);
	if (!d) {
		put_str(o, " (regno=");
		put_hex(o, id & ~(KVM_REG_ARCH_MASK | KVM_REG_SIZE_MASK | KVM_REG_ARM_COPROC_MASK),
			1);
		put_char(o, ')');
	}
}

static void describe_other_coproc(struct out *o, uint64_t id)
{
	put_str(o, "coproc ");
	put_hex(o, field(id, KVM_REG_ARM_COPROC_MASK, KVM_REG_ARM_COPROC_SHIFT), COPROC_DIGITS);
	put_str(o, " ? (low=");
	put_hex(o, id & LOW16_MASK, LOW16_DIGITS);
	put_char(o, ')');
}

static void describe_invalid(struct out *o, uint64_t id)
{
	put_str(o, "invalid (arch=");
	put_hex(o, id >> ID_ARCH_SHIFT, ARCH_DIGITS);
	put_str(o, " bits32_51=");
	put_hex(o, (id & ID_HIGH_MASK) >> ID_HIGH_SHIFT, HIGH20_DIGITS);
	put_str(o, " low=");
	put_hex(o, id & ID_LOW_MASK, LOW32_DIGITS);
	put_char(o, ')');
}

static void describe(struct out *o, uint64_t id)
{
	const struct abi_reg_desc *d = abi_reg_find(id);
	uint64_t coproc = id & KVM_REG_ARM_COPROC_MASK;

	if ((id & KVM_REG_ARCH_MASK) != KVM_REG_ARM || (id & ID_HIGH_MASK))
		describe_invalid(o, id);
	else if (coproc == KVM_REG_ARM_CORE)
		describe_core(o, id);
	else if (coproc == KVM_REG_ARM_FW)
		describe_numbered(o, "fw", id, d);
	else if (coproc == KVM_REG_ARM_VFP)
		describe_numbered(o, "vfp", id, d);
	else if (coproc == KVM_REG_ARM_DEMUX)
		describe_demux(o, id, d);
	else if (coproc == (COPROC_CP15 << KVM_REG_ARM_COPROC_SHIFT)) {
		put_str(o, d && d->kind == ABI_REG_TIMER ? "timer" : "cp15");
		put_name_or_unknown(o, d ? d->name : NULL);
		put_cp15_fields(o, id);
	} else
		describe_other_coproc(o, id);
	put_size(o, id);
}

size_t regname_describe(uint64_t id, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };

	describe(&o, id);
	if (len)
		buf[o.pos] = '\0';
	return o.pos;
}

const char *regname_short(uint64_t id)
{
	const struct abi_reg_desc *d;

	/* A core id is the first core id plus an index below 38. */
	if ((id & ~(uint64_t)BYTE_MASK) == abi_core_id(0) && (id & BYTE_MASK) < NR_CORE_REGS)
		return abi_core_table[id & BYTE_MASK].name;
	d = abi_reg_find(id);
	return d ? d->name : NULL;
}

/* ------------------------------------------------------------- parsing */

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive prefix match; returns the rest of `s` or NULL. */
static const char *skip_prefix(const char *s, const char *prefix)
{
	while (*prefix)
		if (lower(*s++) != lower(*prefix++))
			return NULL;
	return s;
}

static bool same_name(const char *a, const char *b)
{
	const char *rest = skip_prefix(a, b);

	return rest && !*rest;
}

static int digit_value(char c)
{
	c = lower(c);
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + DEC_BASE;
	return HEX_BASE; /* not a digit in any base we use */
}

/* Parses an unsigned number; returns the rest of the text or NULL. */
static const char *parse_num(const char *s, unsigned base, uint64_t *out)
{
	const char *start = s;
	uint64_t x = 0;
	int d;

	while ((d = digit_value(*s)) < (int)base) {
		if (x > (UINT64_MAX - (uint64_t)d) / base)
			return NULL;
		x = x * base + (uint64_t)d;
		s++;
	}
	*out = x;
	return s == start ? NULL : s;
}

/* The whole text must be one number. */
static bool parse_whole(const char *s, unsigned base, uint64_t *out)
{
	s = parse_num(s, base, out);
	return s && !*s;
}

static int parse_hex_id(const char *hex, uint64_t *id)
{
	return parse_whole(hex, HEX_BASE, id) ? 0 : -HYPV7_LNX_EINVAL;
}

/* "a,b,c,..." into `n` numbers, each at most its limit. */
static int parse_list(const char *s, uint64_t *vals, const unsigned *max, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		s = parse_num(s, DEC_BASE, &vals[i]);
		if (!s || vals[i] > max[i])
			return -HYPV7_LNX_EINVAL;
		if (i + 1 < n && *s++ != ',')
			return -HYPV7_LNX_EINVAL;
	}
	return *s ? -HYPV7_LNX_EINVAL : 0;
}

static int parse_cp15_32(const char *s, uint64_t *id)
{
	static const unsigned max[] = { MAX_OP, MAX_CR, MAX_CR, MAX_OP };
	uint64_t f[4];
	int err = parse_list(s, f, max, 4);

	if (!err)
		*id = ARM_CP15_REG32(f[0], f[1], f[2], f[3]);
	return err;
}

static int parse_cp15_64(const char *s, uint64_t *id)
{
	static const unsigned max[] = { MAX_OP, MAX_CR };
	uint64_t f[2];
	int err = parse_list(s, f, max, 2);

	if (!err)
		*id = ARM_CP15_REG64(f[0], f[1]);
	return err;
}

static int parse_ccsidr(const char *s, uint64_t *id)
{
	const char *rest = skip_prefix(s, "csselr=");
	uint64_t csselr;

	s = parse_num(rest ? rest : s, DEC_BASE, &csselr);
	if (!s || s[0] != ']' || s[1] || csselr > CSSELR_MAX_PARSED)
		return -HYPV7_LNX_EINVAL;
	*id = KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_DEMUX | KVM_REG_ARM_DEMUX_ID_CCSIDR |
	      csselr;
	return 0;
}

/* r0..r15 name the user-mode view, like the architecture does. */
static bool parse_core_rn(const char *s, uint64_t *id)
{
	uint64_t n;

	if (lower(s[0]) != 'r' || !parse_whole(s + 1, DEC_BASE, &n) || n > MAX_CORE_R)
		return false;
	*id = abi_core_id((unsigned)n);
	return true;
}

static bool parse_core_name(const char *s, uint64_t *id)
{
	for (unsigned i = 0; i < NR_CORE_REGS; i++) {
		if (same_name(s, abi_core_table[i].name) || same_name(s, abi_core_table[i].field)) {
			*id = abi_core_id(i);
			return true;
		}
	}
	return parse_core_rn(s, id);
}

static bool parse_table_name(const char *s, uint64_t *id)
{
	const char *linux_name = skip_prefix(s, "KVM_REG_ARM_");

	if (linux_name)
		s = linux_name;
	for (unsigned i = 0; i < abi_reg_table_len; i++) {
		if (same_name(s, abi_reg_table[i].name)) {
			*id = abi_reg_table[i].id;
			return true;
		}
	}
	return false;
}

int regname_parse(const char *text, uint64_t *id)
{
	const char *rest;

	if ((rest = skip_prefix(text, "0x")))
		return parse_hex_id(rest, id);
	if ((rest = skip_prefix(text, "cp15:")))
		return parse_cp15_32(rest, id);
	if ((rest = skip_prefix(text, "cp15_64:")))
		return parse_cp15_64(rest, id);
	if ((rest = skip_prefix(text, "CCSIDR[")))
		return parse_ccsidr(rest, id);
	if (parse_core_name(text, id) || parse_table_name(text, id))
		return 0;
	return -HYPV7_LNX_ENOENT;
}
