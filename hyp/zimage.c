/* Linux zImages (hyp/zimage.h): the header, and the placement of kernel
 * and initrd by Documentation/arch/arm/booting.rst. */
#include "hyp/zimage.h"

/* The header words, at fixed offsets from the image's start (the first
 * 0x24 bytes are code: eight no-ops, or an EFI stub's, and a branch). */
#define ZIMAGE_MAGIC_OFFSET 0x24u
#define ZIMAGE_START_OFFSET 0x28u
#define ZIMAGE_END_OFFSET 0x2cu
#define ZIMAGE_ENDIAN_OFFSET 0x30u
#define ZIMAGE_TABLE_MARK_OFFSET 0x34u
#define ZIMAGE_TABLE_PTR_OFFSET 0x38u
#define ZIMAGE_HEADER_SIZE 0x3cu

#define ZIMAGE_MAGIC 0x016f2818u
#define ZIMAGE_LITTLE_ENDIAN 0x04030201u
#define ZIMAGE_BIG_ENDIAN 0x01020304u
/* "A table follows": its offset is the next word. */
#define ZIMAGE_TABLE_MARK 0x45454545u
/* The table: a count of values, the tag "KLSZ", then the values: where in
 * the image the decompressed size is, the size of the kernel's bss, and
 * (newer kernels) where from RAM's start it decompresses to. */
#define ZIMAGE_TABLE_TAG 0x5a534c4bu
#define TABLE_COUNT 0u
#define TABLE_TAG 1u
#define TABLE_SIZE_WORD_AT 2u
#define TABLE_BSS_SIZE 3u
#define TABLE_TEXT_OFFSET 4u
#define TABLE_FIRST_VALUE TABLE_SIZE_WORD_AT
#define WORD 4u

/* Where the decompressed kernel starts when the table does not say: the
 * ARM default TEXT_OFFSET. */
#define DEFAULT_TEXT_OFFSET 0x8000u

#define MIB (1024u * 1024u)
/* booting.rst: "above 32 MiB" spares the decompressor a move, and the
 * decompressor finds RAM's start by rounding its own address down to
 * 128 MiB, so it must run in RAM's first 128 MiB. */
#define KERNEL_PREFERRED_OFFSET (32u * MIB)
#define KERNEL_OFFSET_LIMIT (128u * MIB)
#define KERNEL_ALIGN MIB
/* The decompressor's own bss, stack and heap, after the image. */
#define DECOMPRESSOR_WORK_SPACE MIB
#define INITRD_ALIGN 0x1000u

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

bool zimage_recognised(const uint8_t *image, size_t size)
{
	return size >= ZIMAGE_HEADER_SIZE && le32(image + ZIMAGE_MAGIC_OFFSET) == ZIMAGE_MAGIC;
}

/* Value `index` of the size table at `table`, if the table has it. */
static bool table_value(const uint8_t *image, size_t size, uint32_t table, unsigned index,
			uint32_t *value)
{
	uint32_t count = le32(image + table + TABLE_COUNT * WORD);
	if (index - TABLE_FIRST_VALUE >= count || table + (index + 1) * WORD > size)
		return false;
	*value = le32(image + table + index * WORD);
	return true;
}

/* Fills in the unpacked size and text offset from the size table, if the
 * image has one (kernels since 3.x); leaves them unknown otherwise. */
static const char *read_size_table(const uint8_t *image, size_t size, struct zimage_info *info)
{
	info->text_offset = DEFAULT_TEXT_OFFSET;
	info->unpacked = 0;
	if (le32(image + ZIMAGE_TABLE_MARK_OFFSET) != ZIMAGE_TABLE_MARK)
		return NULL;
	uint32_t table = le32(image + ZIMAGE_TABLE_PTR_OFFSET);
	if (table % WORD || table > size - 2 * WORD ||
	    le32(image + table + TABLE_TAG * WORD) != ZIMAGE_TABLE_TAG)
		return "its size table is not where its header says";
	uint32_t size_at, bss;
	if (!table_value(image, size, table, TABLE_SIZE_WORD_AT, &size_at) ||
	    !table_value(image, size, table, TABLE_BSS_SIZE, &bss) || size_at > size - WORD)
		return "its size table is cut short";
	uint32_t decompressed = le32(image + size_at);
	table_value(image, size, table, TABLE_TEXT_OFFSET, &info->text_offset);
	if (decompressed > KERNEL_OFFSET_LIMIT || bss > KERNEL_OFFSET_LIMIT ||
	    info->text_offset > KERNEL_OFFSET_LIMIT)
		return "its size table gives sizes no ARM kernel has";
	info->unpacked = decompressed + bss;
	return NULL;
}

int zimage_parse(const uint8_t *image, size_t size, struct zimage_info *info, const char **error)
{
	const char *why = NULL;
	if (!zimage_recognised(image, size))
		why = "not a zImage (no magic 0x016f2818 at offset 0x24)";
	else if (le32(image + ZIMAGE_ENDIAN_OFFSET) == ZIMAGE_BIG_ENDIAN)
		why = "a big-endian kernel: hypv7's guests run little-endian";
	else if (le32(image + ZIMAGE_ENDIAN_OFFSET) != ZIMAGE_LITTLE_ENDIAN)
		why = "a zImage header without its endianness word";
	else if (le32(image + ZIMAGE_START_OFFSET) != 0)
		why = "linked for a fixed address: hypv7 boots position-independent zImages";
	if (!why) {
		info->load_addr = 0;
		info->size = le32(image + ZIMAGE_END_OFFSET);
		if (info->size < ZIMAGE_HEADER_SIZE || info->size > size)
			why = "its header gives a size beyond the file (a cut-short image?)";
		else
			why = read_size_table(image, size, info);
	}
	*error = why;
	return why ? -1 : 0;
}

static uint32_t align_up(uint32_t x, uint32_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/* Whether the kernel at `at`, with the decompressor's room after it,
 * ends before `limit` and starts where the decompressor can run. */
static bool kernel_fits(uint32_t at, uint32_t image_size, uint32_t limit)
{
	return at < KERNEL_OFFSET_LIMIT &&
	       (uint64_t)at + image_size + DECOMPRESSOR_WORK_SPACE <= limit;
}

int linux_layout_plan(const struct zimage_info *zi, uint32_t ram_size, uint32_t dtb_offset,
		      uint32_t initrd_size, struct linux_layout *out, const char **error)
{
	uint64_t unpacked_end = (uint64_t)zi->text_offset + zi->unpacked;
	if (zi->unpacked && unpacked_end > ram_size) {
		*error = "the kernel decompresses to more than the VM's RAM (raise VMn_MEM)";
		return -1;
	}
	if (initrd_size > dtb_offset) {
		*error = "the initrd does not fit below the device tree (raise VMn_MEM)";
		return -1;
	}
	uint32_t initrd = (dtb_offset - initrd_size) & ~(INITRD_ALIGN - 1);
	/* Above what it decompresses to, so it need not move itself first;
	 * at the recommended 32 MiB if there is room. */
	uint32_t lowest = zi->unpacked ? align_up((uint32_t)unpacked_end, KERNEL_ALIGN) : 0;
	uint32_t kernel = lowest > KERNEL_PREFERRED_OFFSET ? lowest : KERNEL_PREFERRED_OFFSET;
	if (!kernel_fits(kernel, zi->size, initrd))
		kernel = lowest;
	if (!kernel_fits(kernel, zi->size, initrd)) {
		*error = initrd_size
			     ? "kernel and initrd do not fit in the VM's RAM (raise VMn_MEM)"
			     : "the kernel does not fit in the VM's RAM (raise VMn_MEM)";
		return -1;
	}
	out->kernel = kernel;
	out->initrd = initrd_size ? initrd : dtb_offset;
	out->initrd_end = initrd_size ? initrd + initrd_size : out->initrd;
	*error = NULL;
	return 0;
}
