# The hostile-guest fuzzer (docs/fuzzing.md): how its guests are built, and
# `make fuzz`. Included by the top Makefile *before* guest-tests/guest-tests.mk,
# which builds every guest: the library sources named here must be known
# to it as helpers (linked into guests, not programs of their own).
#
#   make fuzz                                 a run with a new random seed
#   make fuzz FUZZ_SEED=0x... FUZZ_CALLS=N    that seed, that many calls
#   make fuzz FUZZ_TRACE_FROM=N               also print every call from N on
#             [FUZZ_TRACE_COUNT=M]            (M of them, default 64)
#   make fuzz FUZZ_LINUX=1                    Debian's Linux as VM 5 beside the
#                                             fuzz VMs (test fuzz_linux)
#   PLATFORM=, CPU=, SMP= as for `make run` (SMP= only when given: else
#                                             the board's BOARD_CPUS)
#
# The short run of `make test` is the "fuzz" entry of guest-tests/tests.list
# (the seed and length compiled into fuzz_control.elf); tools/run-fuzz runs
# the same image with the seed and length patched into that ELF (its
# .fuzz_params section), so a new seed rebuilds nothing but the image.

FUZZ_CALLS ?= 200000
FUZZ_SEED ?=
FUZZ_TRACE_FROM ?=
FUZZ_TRACE_COUNT ?= 64
# 1: VM 0 and VM 1 also pass buffers in their GICV page (fuzz.h FUZZ_OPT_GICV_BUFFERS)
FUZZ_GICV ?= 1
# 1: the fuzz_linux image, with a Linux VM beside the fuzz VMs that must keep running
FUZZ_LINUX ?= 0

# The oracle, generator and memory model, shared by VM 0 and VM 1.
FUZZ_LIB := fuzz_calls fuzz_gen fuzz_predict fuzz_oracle fuzz_mem fuzz_print
GUEST_HELPER_SRCS += $(FUZZ_LIB)
FUZZ_LIB_SRCS := $(patsubst %,guest-tests/%.c,$(FUZZ_LIB)) guest-tests/fuzz_hvc.S
FUZZ_HDRS := $(wildcard guest-tests/fuzz*.h) guest-tests/fuzz_actions.def

GUEST_EXTRA_fuzz_control += $(FUZZ_LIB_SRCS) $(GUEST_GEN)/reglist_a15.c
GUEST_EXTRA_fuzz_hostile += $(FUZZ_LIB_SRCS) $(GUEST_GEN)/reglist_a15.c \
			    guest-tests/fuzz_hostile_actions.S
GUEST_EXTRA_fuzz_canary += guest-tests/fuzz_print.c guest-tests/fuzz_canary_regs.S
GUEST_EXTRA_fuzz_victim += guest-tests/fuzz_print.c

FUZZ_GUESTS := fuzz_control fuzz_hostile fuzz_canary fuzz_victim
$(patsubst %,$(O)/guests/%.elf,$(FUZZ_GUESTS)): $(FUZZ_HDRS)

.PHONY: fuzz
fuzz: deps
	$(Q)tools/run-fuzz --platform $(PLATFORM) --cpu $(CPU) --calls $(FUZZ_CALLS) \
		--gicv-buffers $(FUZZ_GICV) $(if $(filter 1,$(FUZZ_LINUX)),--linux) \
		$(if $(FUZZ_SEED),--seed $(FUZZ_SEED)) \
		$(if $(filter-out file default undefined,$(origin SMP)),--smp $(SMP)) \
		$(if $(FUZZ_TRACE_FROM),--trace-from $(FUZZ_TRACE_FROM) --trace-count $(FUZZ_TRACE_COUNT))
