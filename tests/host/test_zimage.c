/* Host tests of hyp/zimage.c: reading a zImage header and placing kernel
 * and initrd in a VM's RAM. The header is laid out as Debian's 6.1 armmp
 * kernel has it (a size table of six words). */
#include <string.h>

#include "hyp/zimage.h"
#include "tap.h"

#define MIB (1024u * 1024u)
#define IMAGE_SIZE 0x4000u
#define TABLE_AT 0x3000u
#define SIZE_WORD_AT 0x3ff9u /* unaligned, as in real images */
#define UNPACKED 0x013a0000u /* about 20 MiB */
#define BSS 0x0005e360u
#define TEXT_OFFSET 0x00208000u
#define PAGE 0x1000u

static uint8_t image[IMAGE_SIZE];

static void put32(uint32_t at, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++)
		image[at + i] = (uint8_t)(v >> (8 * i));
}

static void good_image(void)
{
	memset(image, 0, sizeof(image));
	put32(0x24, 0x016f2818);
	put32(0x28, 0);
	put32(0x2c, IMAGE_SIZE);
	put32(0x30, 0x04030201);
	put32(0x34, 0x45454545);
	put32(0x38, TABLE_AT);
	const uint32_t table[] = { 6, 0x5a534c4b, SIZE_WORD_AT, BSS, TEXT_OFFSET, 0x10000 };
	for (unsigned i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		put32(TABLE_AT + 4 * i, table[i]);
	put32(SIZE_WORD_AT, UNPACKED);
}

static void test_header(void)
{
	struct zimage_info zi;
	const char *error = "unset";
	good_image();
	tap_ok(zimage_recognised(image, sizeof(image)), "a zImage is recognised by its magic");
	tap_ok(zimage_parse(image, sizeof(image), &zi, &error) == 0 && !error,
	       "a good header parses");
	tap_ok(zi.size == IMAGE_SIZE, "its size is end - start (%u)", zi.size);
	tap_ok(zi.unpacked == UNPACKED + BSS, "decompressed size + bss from the table (0x%x)",
	       zi.unpacked);
	tap_ok(zi.text_offset == TEXT_OFFSET, "the table's TEXT_OFFSET (0x%x)", zi.text_offset);
	put32(TABLE_AT, 2); /* an older kernel: no TEXT_OFFSET entry */
	tap_ok(zimage_parse(image, sizeof(image), &zi, &error) == 0 && zi.text_offset == 0x8000,
	       "a two-value table: the default TEXT_OFFSET 0x8000");
	good_image();
	put32(0x34, 0);
	tap_ok(zimage_parse(image, sizeof(image), &zi, &error) == 0 && zi.unpacked == 0,
	       "no table: unpacked size unknown, still bootable");
}

static void expect_refused(uint32_t size, const char *what)
{
	struct zimage_info zi;
	const char *error = NULL;
	int rc = zimage_parse(image, size, &zi, &error);
	tap_ok(rc == -1 && error, "refused: %s (%s)", what, error ? error : "no reason");
}

static void test_bad_headers(void)
{
	good_image();
	put32(0x24, 0x12345678);
	tap_ok(!zimage_recognised(image, sizeof(image)), "no magic: not a zImage");
	expect_refused(sizeof(image), "no magic");
	good_image();
	expect_refused(0x30, "a file shorter than the header");
	put32(0x30, 0x01020304);
	expect_refused(sizeof(image), "a big-endian kernel");
	good_image();
	put32(0x28, 0x40008000);
	expect_refused(sizeof(image), "linked for a fixed address");
	good_image();
	expect_refused(IMAGE_SIZE - 0x100, "the file cut short of the header's size");
	good_image();
	put32(0x38, IMAGE_SIZE + 8);
	expect_refused(sizeof(image), "a table pointer beyond the image");
	good_image();
	put32(TABLE_AT + 4, 0);
	expect_refused(sizeof(image), "a table without its tag");
	good_image();
	put32(TABLE_AT + 8, IMAGE_SIZE - 2);
	expect_refused(sizeof(image), "the size word beyond the image");
	good_image();
	put32(SIZE_WORD_AT, 0xf0000000);
	expect_refused(sizeof(image), "an absurd decompressed size");
}

static void test_layout(void)
{
	struct zimage_info zi = { .size = 5 * MIB,
				  .unpacked = 21 * MIB,
				  .text_offset = TEXT_OFFSET };
	struct linux_layout l;
	const char *error = NULL;
	uint32_t ram = 256 * MIB, dtb = 254 * MIB, initrd = 3 * MIB + 123;
	tap_ok(linux_layout_plan(&zi, ram, dtb, initrd, &l, &error) == 0, "256 MiB: fits");
	tap_ok(l.kernel == 32 * MIB, "the kernel at the recommended 32 MiB (%u MiB)",
	       l.kernel / MIB);
	tap_ok(l.initrd_end <= dtb && l.initrd % PAGE == 0 && l.initrd_end - l.initrd == initrd,
	       "the initrd just below the tree, page aligned");
	tap_ok(linux_layout_plan(&zi, ram, dtb, 0, &l, &error) == 0 && l.initrd == l.initrd_end,
	       "no initrd: an empty range");
	zi.unpacked = 40 * MIB;
	int rc = linux_layout_plan(&zi, ram, dtb, initrd, &l, &error);
	tap_ok(rc == 0 && l.kernel >= TEXT_OFFSET + zi.unpacked && l.kernel % MIB == 0,
	       "a kernel that unpacks past 32 MiB goes above what it unpacks to (%u MiB)",
	       l.kernel / MIB);
	zi.unpacked = 21 * MIB;
	rc = linux_layout_plan(&zi, 36 * MIB, 34 * MIB, 0, &l, &error);
	tap_ok(rc == 0 && l.kernel >= TEXT_OFFSET + zi.unpacked && l.kernel < 32 * MIB &&
		   l.kernel + zi.size <= 34 * MIB,
	       "little RAM: below 32 MiB, still above what it unpacks to (%u MiB)", l.kernel / MIB);
	rc = linux_layout_plan(&zi, 16 * MIB, 14 * MIB, 0, &l, &error);
	tap_ok(rc == -1 && error, "RAM smaller than the unpacked kernel: refused (%s)",
	       error ? error : "");
	rc = linux_layout_plan(&zi, 40 * MIB, 38 * MIB, 10 * MIB, &l, &error);
	tap_ok(rc == -1 && error, "kernel and initrd that do not fit: refused (%s)",
	       error ? error : "");
	tap_ok(linux_layout_plan(&zi, ram, dtb, dtb + 1, &l, &error) == -1 && error,
	       "an initrd larger than the room below the tree: refused");
	zi.unpacked = 0;
	tap_ok(linux_layout_plan(&zi, 16 * MIB, 14 * MIB, 0, &l, &error) == 0 && l.kernel == 0,
	       "unknown unpacked size, little RAM: at RAM's start, the kernel moves itself");
}

int main(void)
{
	test_header();
	test_bad_headers();
	test_layout();
	return tap_exit();
}
