/* Loading a VM's ELF image by its program headers, checked against the VM's RAM. */
#include <stdbool.h>

#include "hyp/elf.h"
#include "lib/string.h"

#define EI_NIDENT 16
#define ELFCLASS32 1
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define EM_ARM 40
#define PT_LOAD 1

struct elf32_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type, e_machine;
	uint32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf32_phdr {
	uint32_t p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
};

static const uint8_t elf_magic[4] = { 0x7f, 'E', 'L', 'F' };

static const char *check_header(const uint8_t *image, size_t size, const struct elf32_ehdr *eh)
{
	if (size < sizeof(*eh) || memcmp(image, elf_magic, sizeof(elf_magic)))
		return "not an ELF file";
	if (eh->e_ident[4] != ELFCLASS32 || eh->e_ident[5] != ELFDATA2LSB)
		return "not a 32-bit little-endian ELF";
	if (eh->e_type != ET_EXEC || eh->e_machine != EM_ARM)
		return "not an ARM executable";
	if (eh->e_phentsize != sizeof(struct elf32_phdr) ||
	    (uint64_t)eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(struct elf32_phdr) > size)
		return "program headers outside the file";
	return 0;
}

static bool inside(uint64_t start, uint64_t len, uint64_t base, uint64_t size)
{
	return start >= base && start + len <= base + size;
}

static const char *check_segment(const struct elf32_phdr *ph, size_t size,
				 const struct elf_target *t)
{
	if (ph->p_filesz > ph->p_memsz)
		return "segment file size exceeds its memory size";
	if ((uint64_t)ph->p_offset + ph->p_filesz > size)
		return "segment data outside the file";
	if (!inside(ph->p_paddr, ph->p_memsz, t->ram_base, t->ram_size))
		return "segment outside the VM's RAM";
	return 0;
}

static struct elf32_phdr phdr_at(const uint8_t *image, const struct elf32_ehdr *eh, unsigned i)
{
	struct elf32_phdr ph;
	memcpy(&ph, image + eh->e_phoff + i * sizeof(ph), sizeof(ph));
	return ph;
}

int elf_load(const uint8_t *image, size_t size, const struct elf_target *t, uint32_t *entry,
	     const char **error)
{
	struct elf32_ehdr eh = { 0 };
	if (size >= sizeof(eh))
		memcpy(&eh, image, sizeof(eh));
	*error = check_header(image, size, &eh);
	for (unsigned i = 0; !*error && i < eh.e_phnum; i++) {
		struct elf32_phdr ph = phdr_at(image, &eh, i);
		if (ph.p_type == PT_LOAD)
			*error = check_segment(&ph, size, t);
	}
	if (!*error && !inside(eh.e_entry, 4, t->ram_base, t->ram_size))
		*error = "entry point outside the VM's RAM";
	if (*error)
		return -1;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		struct elf32_phdr ph = phdr_at(image, &eh, i);
		if (ph.p_type != PT_LOAD)
			continue;
		uint8_t *dst = t->ram + (ph.p_paddr - t->ram_base);
		memcpy(dst, image + ph.p_offset, ph.p_filesz);
		memset(dst + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
	}
	*entry = eh.e_entry;
	return 0;
}
