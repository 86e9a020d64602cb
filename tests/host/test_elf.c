/* Host tests of hyp/elf.c: loading a VM image by its program headers. */
#include <string.h>

#include "hyp/elf.h"
#include "tap.h"

#define RAM_BASE 0x40000000u
#define RAM_SIZE 0x10000u
#define RAM_FILL 0xaa
#define PT_LOAD 1
#define ET_EXEC 2
#define EM_ARM 40

struct ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version, entry, phoff, shoff, flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct phdr {
	uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

/* A two-segment image: code at RAM_BASE and data + bss at RAM_BASE + 0x2000. */
struct image {
	struct ehdr eh;
	struct phdr ph[2];
	uint8_t code[16];
	uint8_t data[8];
};

static uint8_t ram[RAM_SIZE];
static const struct elf_target target = { RAM_BASE, RAM_SIZE, ram };

static struct image good_image(void)
{
	struct image im;
	memset(&im, 0, sizeof(im));
	memcpy(im.eh.ident, "\177ELF\1\1\1", 7);
	im.eh.type = ET_EXEC;
	im.eh.machine = EM_ARM;
	im.eh.entry = RAM_BASE + 4;
	im.eh.phoff = offsetof(struct image, ph);
	im.eh.phentsize = sizeof(struct phdr);
	im.eh.phnum = 2;
	im.ph[0] = (struct phdr){ PT_LOAD,
				  offsetof(struct image, code),
				  RAM_BASE,
				  RAM_BASE,
				  sizeof(im.code),
				  sizeof(im.code),
				  5,
				  4 };
	im.ph[1] = (struct phdr){ PT_LOAD,
				  offsetof(struct image, data),
				  RAM_BASE + 0x2000,
				  RAM_BASE + 0x2000,
				  sizeof(im.data),
				  0x100,
				  6,
				  4 };
	memset(im.code, 0x11, sizeof(im.code));
	memset(im.data, 0x22, sizeof(im.data));
	return im;
}

static bool ram_untouched(void)
{
	for (unsigned i = 0; i < RAM_SIZE; i++)
		if (ram[i] != RAM_FILL)
			return false;
	return true;
}

static void test_good_image(void)
{
	struct image im = good_image();
	uint32_t entry = 0;
	const char *error = "unset";
	memset(ram, RAM_FILL, sizeof(ram));
	TAP_EQ(elf_load((const uint8_t *)&im, sizeof(im), &target, &entry, &error), 0,
	       "a good image loads");
	TAP_EQ(entry, RAM_BASE + 4, "the entry point is the ELF's");
	tap_ok(ram[0] == 0x11 && ram[15] == 0x11, "the code segment is copied");
	tap_ok(ram[16] == RAM_FILL, "nothing past the code segment is written");
	tap_ok(ram[0x2000] == 0x22 && ram[0x2007] == 0x22, "the data segment is copied");
	tap_ok(ram[0x2008] == 0 && ram[0x20ff] == 0, "its bss part is zeroed");
	tap_ok(ram[0x2100] == RAM_FILL, "memory after the bss is kept");
}

/* Each broken image must fail with a reason and leave RAM untouched. */
static void expect_refused(struct image im, size_t size, const char *what)
{
	uint32_t entry = 0xdeadbeef;
	const char *error = NULL;
	memset(ram, RAM_FILL, sizeof(ram));
	int rc = elf_load((const uint8_t *)&im, size, &target, &entry, &error);
	tap_ok(rc == -1 && error && ram_untouched() && entry == 0xdeadbeef,
	       "refused with nothing written: %s (%s)", what, error ? error : "no reason");
}

static void test_bad_images(void)
{
	struct image im;
	im = good_image();
	im.eh.ident[1] = 'X';
	expect_refused(im, sizeof(im), "bad magic");
	im = good_image();
	im.eh.ident[4] = 2;
	expect_refused(im, sizeof(im), "64-bit class");
	im = good_image();
	im.eh.ident[5] = 2;
	expect_refused(im, sizeof(im), "big-endian");
	im = good_image();
	im.eh.type = 3;
	expect_refused(im, sizeof(im), "not an executable");
	im = good_image();
	im.eh.machine = 62;
	expect_refused(im, sizeof(im), "not ARM");
	im = good_image();
	im.eh.phnum = 200;
	expect_refused(im, sizeof(im), "program headers past the end of the file");
	expect_refused(good_image(), 20, "a file shorter than its header");
	im = good_image();
	im.ph[1].paddr = RAM_BASE - 0x1000;
	expect_refused(im, sizeof(im), "a segment below the VM's RAM");
	im = good_image();
	im.ph[1].paddr = RAM_BASE + RAM_SIZE - 0x80;
	expect_refused(im, sizeof(im), "a segment running past the end of RAM");
	im = good_image();
	im.ph[1].filesz = 0x200;
	expect_refused(im, sizeof(im), "file size larger than memory size");
	im = good_image();
	im.ph[0].offset = 0x10000;
	expect_refused(im, sizeof(im), "segment data outside the file");
	im = good_image();
	im.eh.entry = RAM_BASE + RAM_SIZE;
	expect_refused(im, sizeof(im), "an entry point outside RAM");
}

int main(void)
{
	test_good_image();
	test_bad_images();
	return tap_exit();
}
