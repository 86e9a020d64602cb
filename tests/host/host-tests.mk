# Host unit tests of abi/ and the hypv7-regname and hypv7-snapshot tools.  Included by the top
# Makefile (which sets O); works alone too:
#   make -f tests/host/host-tests.mk host-tests
# Every TAP line is shown, then "N passed, N failed"; fails if any failed.

O ?= build
HOSTCC ?= gcc
# Tests reach inside every folder they test ("abi/vcpu_bank.h", "arch/lpae.h").
HOST_CFLAGS := -std=c11 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -I. -Iabi/include

HOST_ABI_SRCS := abi/kvm_abi.c abi/reg_table.c abi/id_index.c abi/regname.c abi/qemu_a15_ids.c
HOST_ABI_DEPS := $(wildcard abi/*.h abi/include/hypv7/*.h abi/include/hypv7/*.def)
HOST_TEST_NAMES := test_encoding test_reglist test_abi test_regname test_id_index
# Pure logic below the ABI: page tables (arch/), ELF loading (hyp/), the
# device-tree writer (lib/; its test runs dtc on what it writes), the vUART's
# registers and the console's focus key (hyp/).
HOST_HYP_TEST_NAMES := test_lpae test_elf test_fdt test_zimage test_pl011_model \
	test_console_switch
HOST_HYP_SRCS_test_lpae := arch/lpae.c
HOST_HYP_SRCS_test_elf := hyp/elf.c
HOST_HYP_SRCS_test_fdt := lib/fdt.c
HOST_HYP_SRCS_test_zimage := hyp/zimage.c
HOST_HYP_SRCS_test_pl011_model := hyp/pl011_model.c
HOST_HYP_SRCS_test_console_switch := hyp/console_switch.c
HOST_HYP_DEPS := $(foreach t,$(HOST_HYP_TEST_NAMES),$(HOST_HYP_SRCS_$(t)) \
	$(patsubst %.c,%.h,$(HOST_HYP_SRCS_$(t)))) abi/include/hypv7/pl011.h
HOST_TEST_BINS := $(addprefix $(O)/host/,$(HOST_TEST_NAMES))
HOST_HYP_TEST_BINS := $(addprefix $(O)/host/,$(HOST_HYP_TEST_NAMES))
HOST_TEST_CSV := tests/host/reglist-a15.csv
REGNAME_TOOL := $(O)/tools/hypv7-regname
SNAPSHOT_TOOL := $(O)/tools/hypv7-snapshot
SNAPSHOT_TOOL_TEST := $(O)/host/test_snapshot_tool

.PHONY: host-tests regname-tool snapshot-tool

$(HOST_TEST_BINS): $(O)/host/%: tests/host/%.c tests/host/fixture.c \
		tests/host/fixture.h tests/host/tap.h $(HOST_ABI_SRCS) $(HOST_ABI_DEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -Itests/host -o $@ $< tests/host/fixture.c $(HOST_ABI_SRCS)

$(HOST_HYP_TEST_BINS): $(O)/host/%: tests/host/%.c tests/host/tap.h $(HOST_HYP_DEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -Itests/host -o $@ $< $(HOST_HYP_SRCS_$*)

$(REGNAME_TOOL): tools/hypv7-regname.c $(HOST_ABI_SRCS) $(HOST_ABI_DEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ tools/hypv7-regname.c $(HOST_ABI_SRCS)

regname-tool: $(REGNAME_TOOL)

# Snapshot files, read on the host (docs/save-restore.md).
$(SNAPSHOT_TOOL): tools/hypv7-snapshot.c abi/client/snapshot.h abi/regname.c abi/reg_table.c abi/id_index.c \
		$(HOST_ABI_DEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ tools/hypv7-snapshot.c abi/regname.c abi/reg_table.c abi/id_index.c

$(SNAPSHOT_TOOL_TEST): tests/host/test_snapshot_tool.c tests/host/tap.h abi/client/snapshot.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -Itests/host -o $@ $<

snapshot-tool: $(SNAPSHOT_TOOL)

# Each binary gets the reference CSV and the tool's path; a binary that
# exits non-zero without a "not ok" line (a crash) counts as one failure.
# tools/check-layers (the folder graph) runs with them.
host-tests: $(HOST_TEST_BINS) $(HOST_HYP_TEST_BINS) $(REGNAME_TOOL) $(SNAPSHOT_TOOL) \
		$(SNAPSHOT_TOOL_TEST)
	@pass=0; fail=0; \
	for t in $(HOST_TEST_BINS) $(HOST_HYP_TEST_BINS) $(SNAPSHOT_TOOL_TEST) tools/check-layers; do \
		log=$(O)/host/$$(basename $$t).log; \
		$$t $(HOST_TEST_CSV) $(REGNAME_TOOL) $(SNAPSHOT_TOOL) > $$log 2>&1; rc=$$?; \
		cat $$log; \
		p=$$(grep -c '^ok ' $$log); f=$$(grep -c '^not ok ' $$log); \
		if [ $$rc -ne 0 ] && [ $$f -eq 0 ]; then \
			echo "not ok - $$t exited with status $$rc"; f=1; \
		fi; \
		pass=$$((pass + p)); fail=$$((fail + f)); \
	done; \
	echo "$$pass passed, $$fail failed"; \
	[ $$fail -eq 0 ]
