# hypv7 — a Type-1 hypervisor for ARMv7-A with the Virtualization Extensions.
# `make help` lists the targets and variables.

O ?= build
.DEFAULT_GOAL := all
PLATFORM ?= qemu-virt
CROSS_COMPILE ?= arm-none-eabi-
V ?= 0
comma := ,
empty :=
space := $(empty) $(empty)
Q := $(if $(filter 1,$(V)),,@)

PLATFORMS := $(sort $(patsubst platform/%/platform.mk,%,$(wildcard platform/*/platform.mk)))
ifeq ($(filter $(PLATFORM),$(PLATFORMS)),)
$(error PLATFORM=$(PLATFORM) is not a board hypv7 knows; choose one of: $(PLATFORMS))
endif
include platform/$(PLATFORM)/platform.mk

CPU ?= $(firstword $(QEMU_CPUS))
ifeq ($(filter $(CPU),$(QEMU_CPUS)),)
$(error CPU=$(CPU) cannot run PLATFORM=$(PLATFORM) under QEMU; choose one of: $(QEMU_CPUS))
endif

# SMP=N: the CPUs QEMU gives the board (-smp N), 1..MAX_CPUS, the most
# hypv7 brings up (boot/boot.h; read there as MAX_VMS is below); by default
# the board's BOARD_CPUS (platform/<board>/platform.mk). A board whose QEMU
# machine takes only some counts lists them as QEMU_SMP_COUNTS. The image
# does not depend on it (hypv7 counts its cores at boot): BUILD is the same
# for every SMP.
MAX_CPUS := $(shell awk '$$2 == "MAX_CPUS" { print $$3 }' boot/boot.h)
ifeq ($(strip $(BOARD_CPUS)),)
$(error platform/$(PLATFORM)/platform.mk sets no BOARD_CPUS (the CPUs QEMU gives the board))
endif
SMP ?= $(BOARD_CPUS)
SMP_COUNTS := $(shell seq 1 $(MAX_CPUS))
ifeq ($(and $(filter 1,$(words $(SMP))),$(filter $(SMP),$(SMP_COUNTS))),)
$(error SMP=$(SMP): give the number of CPUs QEMU starts, 1..$(MAX_CPUS) (MAX_CPUS, boot/boot.h))
endif
ifeq ($(filter $(SMP),$(or $(QEMU_SMP_COUNTS),$(SMP))),)
$(error SMP=$(SMP): QEMU's $(firstword $(subst $(comma), ,$(QEMU_MACHINE))) (PLATFORM=$(PLATFORM)) takes only SMP=$(subst $(space), or ,$(QEMU_SMP_COUNTS)))
endif

# BENCH_IMAGE=1: a benchmark image (`make bench` builds one), whose Hyp
# vector answers the floor call BENCH_FLOOR_FN at once. Never in a normal
# image: there that id is an unknown SMCCC function like any other.
BENCH_IMAGE ?= 0
BENCH_FLOOR_FN := 0x86000000
ifeq ($(filter $(BENCH_IMAGE),0 1),)
$(error BENCH_IMAGE=$(BENCH_IMAGE): use 1 for a benchmark image, 0 (the default) for a normal one)
endif
BUILD := $(O)/$(PLATFORM)$(if $(filter 1,$(BENCH_IMAGE)),-bench)
CC := $(CROSS_COMPILE)gcc
AR := $(CROSS_COMPILE)ar
OBJCOPY := $(CROSS_COMPILE)objcopy
QEMU ?= qemu-system-arm

# ---- layers -----------------------------------------------------------------
# Folders depend one way (docs/architecture.md): arch and lib are leaves,
# platform sees them, boot sees platform too, hyp sees everything and abi
# nothing but itself. A file of folder L is compiled with -I$(BUILD)/inc/L,
# a directory of links to exactly the folders L may see, and includes them
# by name ("arch/sysregs.h"): an include that runs up a layer fails to
# compile. The public ABI headers (<hypv7/...>) are abi's and hyp's.
LAYER_SEES_arch := arch
LAYER_SEES_lib := lib
LAYER_SEES_platform := arch lib platform
LAYER_SEES_boot := arch lib platform boot
LAYER_SEES_abi := abi
LAYER_SEES_hyp := arch lib platform boot abi hyp
LAYERS := arch lib platform boot abi hyp
layer_of = $(firstword $(subst /, ,$(1)))
LAYER_FLAGS_abi := -Iabi/include
LAYER_FLAGS_hyp := -Iabi/include -I$(BUILD)/gen
layer_flags = -I$(BUILD)/inc/$(call layer_of,$(1)) $(LAYER_FLAGS_$(call layer_of,$(1)))
LAYER_VIEWS := $(foreach l,$(LAYERS),$(BUILD)/inc/$(l)/.made)

$(BUILD)/inc/%/.made:
	@mkdir -p $(@D)
	$(Q)$(foreach d,$(LAYER_SEES_$*),ln -sfn $(CURDIR)/$(d) $(@D)/$(d) &&) touch $@

# ---- the hypervisor -------------------------------------------------------
HYP_CFLAGS := -marm -mcpu=cortex-a15 -mfloat-abi=soft -std=c11 -O2 -g \
	-Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -ffreestanding -nostdlib -fno-common \
	-fno-strict-aliasing -fno-builtin -ffunction-sections -MMD -MP $(HYP_EXTRA) \
	$(if $(filter 1,$(BENCH_IMAGE)),-DHYPV7_BENCH_FLOOR_FN=$(BENCH_FLOOR_FN))
HYP_LDFLAGS := -nostdlib -T linker/hyp.ld -Wl,--defsym=LOAD_ADDR=$(PLATFORM_LOAD_ADDR) \
	-Wl,--gc-sections -Wl,--no-warn-rwx-segments
HYP_SRCS := $(wildcard arch/*.c lib/*.c boot/*.S boot/*.c hyp/*.S hyp/*.c) \
	$(wildcard platform/drivers/*.c platform/drivers/*.S platform/$(PLATFORM)/*.c platform/$(PLATFORM)/*.S) \
	abi/kvm_abi.c abi/reg_table.c abi/id_index.c
HYP_SRCS := $(filter-out hyp/asm-offsets.c,$(HYP_SRCS))
HYP_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(HYP_SRCS))
ASM_OFFSETS := $(BUILD)/gen/asm-offsets.h
LIBHYP := $(BUILD)/libhyp.a

$(ASM_OFFSETS): hyp/asm-offsets.c | $(LAYER_VIEWS)
	@mkdir -p $(@D)
	$(Q)$(CC) $(HYP_CFLAGS) $(call layer_flags,$<) -MF $@.d -MT $@ -S -o $@.s $<
	$(Q){ echo "/* Generated from hyp/asm-offsets.c: do not edit. */"; \
	  sed -n 's/.*->\([A-Z_0-9]*\) #\{0,1\}\([0-9-]*\).*/#define \1 \2/p' $@.s; } > $@

$(BUILD)/obj/%.c.o: %.c | $(LAYER_VIEWS)
	@mkdir -p $(@D)
	$(Q)$(CC) $(HYP_CFLAGS) $(call layer_flags,$<) -c -o $@ $<

$(BUILD)/obj/%.S.o: %.S $(ASM_OFFSETS) | $(LAYER_VIEWS)
	@mkdir -p $(@D)
	$(Q)$(CC) $(HYP_CFLAGS) $(call layer_flags,$<) -D__ASSEMBLY__ -c -o $@ $<

-include $(HYP_OBJS:.o=.d) $(ASM_OFFSETS).d

$(LIBHYP): $(HYP_OBJS)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# ---- VMs built into an image ----------------------------------------------
include guest-tests/fuzz.mk # before guest-tests.mk: it names helper sources
include guest-tests/guest-tests.mk
include guest-tests/linux/linux.mk
include tests/host/host-tests.mk
include bench/bench.mk
include lava/lava.mk

# The default demo (`make run`): VM 0 drives the register ABI against VM 1.
DEMO_VM0 := $(O)/guests/demo_control.elf
DEMO_VM1 := $(O)/guests/demo_worker.elf
# Every VMn= given, whatever n: tools/mkvmconfig refuses gaps and more than
# MAX_VMS, the one limit, which is C's (hyp/vm_config.h).
MAX_VMS := $(shell awk '$$2 == "MAX_VMS" { print $$3 }' hyp/vm_config.h)
# VMn_VCPUS= is 1..MAX_VCPUS_PER_VM, C's too; VMn_AFFINITY= names CPUs
# 0..MAX_CPUS-1 (read above). tools/mkvmconfig checks both.
MAX_VCPUS_PER_VM := $(shell awk '$$2 == "MAX_VCPUS_PER_VM" { print $$3 }' hyp/vm_config.h)
VM_NUMBERS := $(shell printf '%s\n' $(filter VM%,$(.VARIABLES)) | sed -n 's/^VM\([0-9][0-9]*\)$$/\1/p' | sort -n)
ifeq ($(strip $(foreach n,$(VM_NUMBERS),$(VM$(n)))),)
VM0 := $(DEMO_VM0)
VM1 := $(DEMO_VM1)
VM_NUMBERS := 0 1
endif
# VMn_AFFINITY= is a comma list; "1, 0" and "1 0" are taken as "1,0" (one
# word per VM for tools/mkvmconfig).
vm_affinity = $(subst $(space),$(comma),$(strip $(subst $(comma), ,$(VM$(1)_AFFINITY))))
VM_ARGS := $(foreach n,$(VM_NUMBERS),$(if $(VM$(n)),vm$(n)=$(VM$(n)):$(or $(VM$(n)_MEM),64):$(or $(VM$(n)_START),running):$(VM$(n)_DTB):$(VM$(n)_INITRD):$(or $(VM$(n)_FAULT),inject):$(or $(VM$(n)_VCPUS),1):$(call vm_affinity,$(n))))
VM_ELFS := $(foreach n,$(VM_NUMBERS),$(VM$(n)))
# Users' device trees (VMn_DTB=), embedded like the images.
VM_DTBS := $(foreach n,$(VM_NUMBERS),$(VM$(n)_DTB))
# Initrds of zImage kernels (VMn_INITRD=), embedded too.
VM_INITRDS := $(foreach n,$(VM_NUMBERS),$(VM$(n)_INITRD))
# A kernel command line (VMn_CMDLINE=) reaches tools/mkvmconfig through the
# environment: it may hold spaces and quotes that make's words cannot carry.
export $(foreach n,$(VM_NUMBERS),VM$(n)_CMDLINE)
# The VM console input goes to at boot (hyp/console_input.h); checked
# against the VMs by tools/mkvmconfig, which reads it from the environment.
CONSOLE_FOCUS ?= 0
export CONSOLE_FOCUS

IMAGE ?= $(BUILD)/hypv7.elf
# The image's VMs as C (struct vm_config, hyp/vm_config.h) with the guest
# images embedded, written by tools/mkvmconfig and compiled as a hyp/ file.
IMAGE_VMCONFIG := $(basename $(IMAGE)).vmconfig.c
IMAGE_VMCONFIG_OBJ := $(IMAGE_VMCONFIG:.c=.o)

.PHONY: all image FORCE
all: image
image: $(IMAGE)

$(IMAGE_VMCONFIG): FORCE $(VM_ELFS) $(VM_DTBS) $(VM_INITRDS)
	@mkdir -p $(@D)
	$(Q)tools/mkvmconfig $@ $(MAX_VMS) $(MAX_VCPUS_PER_VM) $(MAX_CPUS) $(VM_ARGS)

# The images are .incbin'd: a new image with the same path rebuilds it too.
$(IMAGE_VMCONFIG_OBJ): $(IMAGE_VMCONFIG) $(VM_ELFS) $(VM_DTBS) $(VM_INITRDS) | $(LAYER_VIEWS)
	$(Q)$(CC) $(HYP_CFLAGS) $(call layer_flags,hyp/$(notdir $<)) -c -o $@ $<

-include $(IMAGE_VMCONFIG_OBJ:.o=.d)

$(IMAGE): $(LIBHYP) $(IMAGE_VMCONFIG_OBJ) linker/hyp.ld
	$(Q)$(CC) $(HYP_CFLAGS) $(HYP_LDFLAGS) -o $@ $(IMAGE_VMCONFIG_OBJ) -Wl,--whole-archive $(LIBHYP) -Wl,--no-whole-archive -lgcc
	$(Q)echo "  IMAGE   $@ ($(PLATFORM): $(notdir $(VM_ELFS)))"

# ---- running under QEMU ---------------------------------------------------
QEMU_CMD = $(QEMU) -M $(QEMU_MACHINE) -cpu $(CPU) -m $(QEMU_MEM) -smp $(SMP) -nographic -monitor none -net none -kernel $(IMAGE)

.PHONY: run debug print-qemu print-smp deps
deps:
	$(Q)tools/check-deps

run: deps image
	@echo "  QEMU    $(QEMU_CMD)"
	$(Q)$(QEMU_CMD)

print-qemu:
	@echo "$(QEMU_CMD)"

# The CPUs QEMU gets for PLATFORM: SMP=, else the board's BOARD_CPUS.
print-smp:
	@echo $(SMP)

GDB_PORT ?= 1234
debug: deps image
	@echo "QEMU waits for gdb on port $(GDB_PORT). In another terminal:"
	@echo "  gdb-multiarch -ex 'file $(IMAGE)' $(foreach e,$(VM_ELFS),-ex 'add-symbol-file $(e)') -ex 'target remote :$(GDB_PORT)'"
	@echo "(guests are linked at IPA 0x40000000; on qemu-virt hypv7 is too, so symbols there may name either)"
	$(Q)$(QEMU_CMD) -S -gdb tcp::$(GDB_PORT)

# ---- tests ----------------------------------------------------------------
.PHONY: test guest-tests
guest-tests: deps
	$(Q)tools/run-guest-tests

test: deps
	$(Q)tools/run-all-tests

.PHONY: clean help format
# One C style for the whole tree (.clang-format).
format:
	$(Q)clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(O)

help:
	@echo "hypv7 — make targets:"
	@echo "  make              build hypv7 with the default demo VMs ($(BUILD)/hypv7.elf)"
	@echo "  make run          build and boot it under QEMU; it exits by itself"
	@echo "  make run-linux    Debian's armhf Linux with a busybox shell as VM 1 beside a control VM"
	@echo "                    (fetched once into $(LINUX_CACHE); 'poweroff -f' ends it; docs/linux-guests.md)"
	@echo "  make test         host unit tests, then every guest test on every board (Linux guests too)"
	@echo "  make guest-tests  only the guest tests (tools/run-guest-tests --help)"
	@echo "  make host-tests   only the host unit tests and the folder-graph check (tools/check-layers)"
	@echo "  make debug        start QEMU halted with a gdb server; prints the gdb command"
	@echo "  make guests       build every guest program into $(O)/guests/"
	@echo "  make linux-files  fetch the kernel and busybox, build the test init and both initramfs in $(LINUX_OUT)/"
	@echo "  make regname-tool build $(O)/tools/hypv7-regname"
	@echo "  make snapshot-tool build $(O)/tools/hypv7-snapshot (show / diff snapshot files)"
	@echo "  make print-qemu   print the QEMU command line 'make run' uses"
	@echo "  make print-smp    print the CPUs QEMU gets for PLATFORM (SMP=, else the board's default)"
	@echo "  make fuzz         the hostile-guest fuzzer, a random seed (docs/fuzzing.md)"
	@echo "  make bench        instruction counts of every hypercall and a world switch (docs/benchmarks.md)"
	@echo "                    (bench/profile <figure> [--by-address]: where one figure's instructions go,"
	@echo "                    by function, or instruction by instruction)"
	@echo "  make boot-images  hypv7.bin, hypv7.uImage (U-Boot bootm) and kernel7.img (Raspberry Pi) beside the image"
	@echo "  make lava-test    the guest tests through LAVA's lava-run, no server (root; lava/README.md)"
	@echo "  make lava-validate  check every LAVA job, QEMU and real boards, offline (root)"
	@echo "  make format       apply .clang-format to every C file (hypervisor, tools, tests, guests)"
	@echo "  make clean        remove $(O)/"
	@echo "Variables:"
	@echo "  PLATFORM=<board>  one of: $(PLATFORMS) (default qemu-virt)"
	@echo "  CPU=<cpu>         QEMU CPU for the board: $(QEMU_CPUS)"
	@echo "  SMP=<n>           CPUs QEMU starts (-smp n), 1..$(MAX_CPUS) (default the board's, $(BOARD_CPUS) for $(PLATFORM)$(if $(QEMU_SMP_COUNTS),; its QEMU takes only $(subst $(space), or ,$(QEMU_SMP_COUNTS)))); make bench uses 1"
	@echo "  VMn=<image>       the image of VM n, an ELF or a Linux zImage (VM0 is the control VM); n = 0..$$(($(MAX_VMS) - 1))"
	@echo "  VMn_MEM=<MiB>     RAM of VM n (default 64)"
	@echo "  VMn_START=stopped create VM n with its vCPU not initialised (default running)"
	@echo "  VMn_CMDLINE=\"...\" VM n's /chosen bootargs in the device tree hypv7 writes for it"
	@echo "  VMn_DTB=<file.dtb> give VM n this device tree instead of hypv7's (r2 points at it)"
	@echo "  VMn_INITRD=<file> an initrd for VM n's zImage (its range goes to /chosen)"
	@echo "  VMn_FAULT=stop    stop VM n with a report on a fault (default inject: the guest takes an abort/undef)"
	@echo "  VMn_VCPUS=<n>     vCPUs of VM n, 1..$(MAX_VCPUS_PER_VM) (default 1)"
	@echo "  VMn_AFFINITY=a,b,... the physical CPU (0..$$(($(MAX_CPUS) - 1))) of each vCPU of VM n, one per vCPU (default: vCPU i runs on physical CPU i mod the CPUs that came up)"
	@echo "  CONSOLE_FOCUS=<n> the VM console input goes to at boot (default 0); Ctrl-A three"
	@echo "                    times on the console moves it to the next VM"
	@echo "  IMAGE=<path>      where to write the hypervisor image"
	@echo "  LINUX_MEM=<MiB>   make run-linux: the Linux VM's RAM (default $(LINUX_MEM))"
	@echo "  LINUX_CMDLINE=\"...\" make run-linux: its kernel command line (default $(LINUX_CMDLINE))"
	@echo "  LINUX_CACHE=<dir> where the downloaded .debs are kept (default $(LINUX_CACHE))"
	@echo "  BENCH_IMAGE=1     a benchmark image: adds the floor call (make bench sets it)"
	@echo "  FUZZ_SEED=<0x..>  make fuzz: the seed (a failing run prints its own)"
	@echo "  FUZZ_CALLS=<n>    make fuzz: hypercalls of the control VM (default $(FUZZ_CALLS))"
	@echo "  FUZZ_TRACE_FROM=<n> make fuzz: print every call from call n on (FUZZ_TRACE_COUNT of them)"
	@echo "  FUZZ_GICV=0|1     make fuzz: buffers in the GICV page too (default 1; docs/fuzzing.md)"
	@echo "  FUZZ_LINUX=1      make fuzz: Debian's Linux as VM 5 beside the fuzz VMs; it must keep running"
	@echo "  O=<dir>           build directory (default build); V=1 shows commands"
