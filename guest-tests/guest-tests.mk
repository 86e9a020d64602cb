# Guest programs for hypv7: newlib C programs linked by linker/guest.ld.
# Included by the top Makefile; relies on O (build dir) and CROSS_COMPILE.
#
#   make guests                    every guest in GUEST_NAMES
#   make $(O)/guests/<name>.elf    one guest, from guest-tests/<name>.c
#
# Per guest (optional):
#   GUEST_EXTRA_<name> += more.c   extra sources linked into <name>
#   GUEST_DEFS_<name>  += -DX=1    extra compiler flags for <name>
# A "variant" builds one source more than once with different flags:
#   GUEST_VARIANTS += <name>, GUEST_SRC_<name> := <program>, GUEST_DEFS_<name> ...

O             ?= build
CROSS_COMPILE ?= arm-none-eabi-

GUEST_CC := $(CROSS_COMPILE)gcc

# cortex-a15 code runs on cortex-a7 too; these flags select newlib's
# thumb/v7ve+simd/hard multilib (ARMv7VE, NEON, hard float).
GUEST_ARCH_FLAGS := -marm -mcpu=cortex-a15 -mfpu=neon-vfpv4 -mfloat-abi=hard
GUEST_CFLAGS := $(GUEST_ARCH_FLAGS) -std=c11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
                -fno-common -ffunction-sections -fdata-sections \
                -Iabi/include -Iabi/client -Iguest-tests/lib
GUEST_LDFLAGS := $(GUEST_ARCH_FLAGS) -specs=nano.specs -nostartfiles \
                 -T linker/guest.ld -u _printf_float -Wl,--gc-sections -Wl,--no-warn-rwx-segments

# The runtime every guest links; the hypervisor client library joins in
# when it exists.
GUEST_LIB_SRCS := $(wildcard guest-tests/lib/*.c guest-tests/lib/*.S) \
                  $(wildcard abi/client/*.c) abi/reg_table.c abi/id_index.c abi/regname.c
GUEST_LIB_OBJS := $(patsubst %,$(O)/guests/lib/%.o,$(notdir $(GUEST_LIB_SRCS)))
GUEST_LIB_HDRS := $(wildcard guest-tests/lib/*.h guest-tests/lib/*.inc abi/client/*.h \
                  abi/include/hypv7/*.h abi/include/hypv7/*.def)

# Programs that exist only as variants of another source.
GUEST_VARIANTS += uart_lines_vm0 uart_lines_vm1
GUEST_SRC_uart_lines_vm0  := uart_lines
GUEST_DEFS_uart_lines_vm0 := -DUART_LINES_TAG='"vm0"'
GUEST_SRC_uart_lines_vm1  := uart_lines
GUEST_DEFS_uart_lines_vm1 := -DUART_LINES_TAG='"vm1"'

STOPPERS := cpu_off system_off bad_read smc hvc_imm uart_pc
GUEST_VARIANTS += $(addprefix stop_,$(STOPPERS))
$(foreach s,$(STOPPERS),$(eval GUEST_SRC_stop_$(s) := stopper) \
  $(eval GUEST_DEFS_stop_$(s) := -DSTOP_HOW=STOP_$(shell echo $(s) | tr a-z A-Z)))

GUEST_VARIANTS += wfi_block wfi_block_gic
GUEST_SRC_wfi_block     := wfi_block
GUEST_SRC_wfi_block_gic := wfi_block
GUEST_DEFS_wfi_block_gic := -DWFI_THROUGH_GIC
GUEST_VARIANTS += wfi_loop_long wfi_loop_short
GUEST_SRC_wfi_loop_long    := wfi_loop
GUEST_DEFS_wfi_loop_long   := -DWFI_ROUNDS=400
GUEST_SRC_wfi_loop_short   := wfi_loop
GUEST_DEFS_wfi_loop_short  := -DWFI_ROUNDS=100

# The reference register list (tests/host/reglist-a15.csv: QEMU cortex-a15's
# 136 ids in KVM_GET_REG_LIST order) as a C array, so guests compare the
# hypervisor's answer with the reference rather than with hypv7's own table.
GUEST_GEN := $(O)/guests/gen
$(GUEST_GEN)/reglist_a15.c: tests/host/reglist-a15.csv
	@mkdir -p $(@D)
	{ echo '/* Generated from $<: do not edit. */'; \
	  echo '#include <stdint.h>'; \
	  echo 'const uint64_t reglist_a15[] = {'; \
	  awk -F, 'NR > 1 && $$1 ~ /^0x/ { print "\t" $$1 "ull," }' $<; \
	  echo '};'; \
	  echo 'const unsigned reglist_a15_len = sizeof(reglist_a15) / sizeof(reglist_a15[0]);'; \
	} > $@

# Register-ABI tests (VM 0 drives reg_worker in VM 1, see tests.list).
GUEST_EXTRA_reg_list   += $(GUEST_GEN)/reglist_a15.c

# Save/restore tests (docs/save-restore.md): VM 0 runs sr_boot or one
# build of sr_control.c per test (SR_TEST), driving sr_worker variants.
# sr_common.c and sr_compute.S are linked into them, not programs.
GUEST_HELPER_SRCS += sr_common sr_compute
GUEST_EXTRA_trap_rt  += guest-tests/trap_rt_asm.S
GUEST_EXTRA_fault_inject += guest-tests/fault_inject_asm.S
GUEST_EXTRA_sr_boot  += guest-tests/sr_common.c
GUEST_EXTRA_sr_hello += guest-tests/sr_common.c
SR_CONTROLS := sr_pause sr_restore sr_migrate sr_bitflip sr_pair
GUEST_VARIANTS += $(SR_CONTROLS)
$(foreach c,$(SR_CONTROLS),$(eval GUEST_SRC_$(c) := sr_control))
$(foreach c,$(SR_CONTROLS),$(eval GUEST_DEFS_$(c) := -DSR_TEST=SR_$(shell echo $(c:sr_%=%) | tr a-z A-Z)))
$(foreach c,$(SR_CONTROLS),$(eval GUEST_EXTRA_$(c) := guest-tests/sr_common.c))
# Workers: one program, different seeds (every carried value derives from
# the seed).
SR_WORKER_EXTRA := guest-tests/sr_compute.S guest-tests/sr_common.c
GUEST_VARIANTS += sr_worker_a sr_worker_b
GUEST_SRC_sr_worker_a   := sr_worker
GUEST_DEFS_sr_worker_a  := -DSR_SEED=0x1234567u
GUEST_EXTRA_sr_worker_a := $(SR_WORKER_EXTRA)
GUEST_SRC_sr_worker_b   := sr_worker
GUEST_DEFS_sr_worker_b  := -DSR_SEED=0x9abcdefu
GUEST_EXTRA_sr_worker_b := $(SR_WORKER_EXTRA)

# Console input (tests.list's console_* tests): the line each VM expects,
# and for VM 0 of the focus test, the VM that gets the focus after it.
GUEST_VARIANTS += console_read_vm0 console_read_vm1 console_focus_vm0
GUEST_SRC_console_read_vm0  := console_read
GUEST_DEFS_console_read_vm0 := -DCONSOLE_READ_WANT='"hello vm0"'
GUEST_SRC_console_read_vm1  := console_read
GUEST_DEFS_console_read_vm1 := -DCONSOLE_READ_WANT='"hello vm1"'
GUEST_SRC_console_focus_vm0  := console_read
GUEST_DEFS_console_focus_vm0 := -DCONSOLE_READ_WANT='"hello vm0"' -DCONSOLE_READ_AFTER=1
# The UART's interrupt: HCR.VI only, or through the virtual GIC too.
GUEST_VARIANTS += uart_irq_vi uart_irq_gic
GUEST_SRC_uart_irq_vi   := uart_irq
GUEST_SRC_uart_irq_gic  := uart_irq
GUEST_DEFS_uart_irq_gic := -DUART_IRQ_GIC=1

# SMP tests (tests.list smp_*): the control VMs of the timing tests and
# their worker share the checksum workload (smp_work.S, smp_work.h); the
# control VMs boot stopped workers with sr_common.c's sr_boot_stopped.
GUEST_EXTRA_smp_worker        += guest-tests/smp_work.S
GUEST_EXTRA_smp_parallel      += guest-tests/smp_work.S guest-tests/sr_common.c
GUEST_EXTRA_smp_remote_pause  += guest-tests/smp_work.S guest-tests/sr_common.c
# sr_vgic saves a VM with its RAM into sr_common.c's big buffer.
GUEST_EXTRA_sr_vgic += guest-tests/sr_common.c
GUEST_EXTRA_sr_linux += guest-tests/sr_common.c
# The same across two QEMU runs, through a snapshot file on the host.
GUEST_VARIANTS += sr_linux_file
GUEST_SRC_sr_linux_file := sr_linux
GUEST_DEFS_sr_linux_file := -DSR_LINUX_FILE
GUEST_EXTRA_sr_linux_file += guest-tests/sr_common.c

# Sources that are only built as variants, or only linked into other
# guests, are not programs of their own.
GUEST_VARIANT_SRCS := $(sort $(foreach v,$(GUEST_VARIANTS),$(GUEST_SRC_$(v))) $(GUEST_HELPER_SRCS))
GUEST_PROGRAMS := $(filter-out $(GUEST_VARIANT_SRCS), \
                    $(basename $(notdir $(wildcard guest-tests/*.c))))
GUEST_NAMES := $(GUEST_PROGRAMS) $(GUEST_VARIANTS)
GUEST_ELFS := $(patsubst %,$(O)/guests/%.elf,$(GUEST_NAMES))

# Users' device trees for the VMn_DTB= tests (tests.list dtb=<name>), from
# the .dts files beside the guests, compiled by dtc.
GUEST_DTBS := $(patsubst guest-tests/%.dts,$(O)/guests/%.dtb,$(wildcard guest-tests/*.dts))

.PHONY: guests
guests: $(GUEST_ELFS) $(GUEST_DTBS)

$(O)/guests/%.dtb: guest-tests/%.dts
	@mkdir -p $(@D)
	dtc -q -I dts -O dtb -o $@ $<

$(O)/guests/lib/%.c.o: guest-tests/lib/%.c $(GUEST_LIB_HDRS)
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<

$(O)/guests/lib/%.S.o: guest-tests/lib/%.S $(GUEST_LIB_HDRS)
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<

$(O)/guests/lib/%.c.o: abi/client/%.c $(GUEST_LIB_HDRS)
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<

# The register table and the id<->name decoder (public <hypv7/reg_table.h>,
# <hypv7/regname.h>) belong to the client library too.
$(O)/guests/lib/%.c.o: abi/%.c $(GUEST_LIB_HDRS)
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<

# Link guest $(1) from the rule's first prerequisite (its main source);
# sources compile straight into the link, guest programs are small.
guest_link = $(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_DEFS_$(1)) -o $@ \
	$< $(GUEST_EXTRA_$(1)) $(GUEST_LIB_OBJS) $(GUEST_LDFLAGS)

$(O)/guests/%.elf: guest-tests/%.c $(GUEST_LIB_OBJS) $(GUEST_LIB_HDRS) linker/guest.ld
	@mkdir -p $(@D)
	$(call guest_link,$*)

define guest_variant_rule
$(O)/guests/$(1).elf: guest-tests/$(GUEST_SRC_$(1)).c $(GUEST_LIB_OBJS) $(GUEST_LIB_HDRS) linker/guest.ld
	@mkdir -p $$(@D)
	$$(call guest_link,$(1))
endef
$(foreach v,$(GUEST_VARIANTS),$(eval $(call guest_variant_rule,$(v))))

# Extra sources are prerequisites too (added to whichever rule applies).
$(foreach g,$(GUEST_NAMES),$(if $(GUEST_EXTRA_$(g)),\
    $(eval $(O)/guests/$(g).elf: $(GUEST_EXTRA_$(g)))))

# For tools/run-guest-tests: the CPUs QEMU may run $(PLATFORM) with
# (QEMU_CPUS, from platform/<platform>/platform.mk).
.PHONY: print-guest-cpus
print-guest-cpus:
	$(if $(strip $(QEMU_CPUS)),@echo $(QEMU_CPUS),$(error QEMU_CPUS is not set for PLATFORM=$(PLATFORM)))
