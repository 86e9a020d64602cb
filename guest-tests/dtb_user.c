/*
 * VMn_DTB=: the guest gets the user's tree (guest-tests/dtb_user.dts), not
 * one hypv7 writes, still through r2.
 */
#include <string.h>

#include "fdt_read.h"
#include "guest.h"
#include "tap.h"

static void is_str(const void *fdt, const char *path, const char *name, const char *want)
{
	uint32_t len;
	const char *got = fdt_get_prop(fdt, path, name, &len);
	tap_ok(got && len == strlen(want) + 1 && strcmp(got, want) == 0, "%s %s = \"%s\"", path,
	       name, want);
}

int main(void)
{
	const void *fdt = (const void *)guest_entry_r2;
	tap_plan(3);
	tap_ok(fdt_check_header(fdt) == 0, "r2 points at a device tree");
	is_str(fdt, "/", "model", "hypv7 test: a user's tree");
	is_str(fdt, "/chosen", "bootargs", "from the user's own tree");
	return tap_done();
}
