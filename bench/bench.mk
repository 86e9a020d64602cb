# `make bench`: hypv7's costs measured from inside a guest under QEMU
# -icount shift=0 (bench/run-bench; docs/benchmarks.md). Not part of
# `make test`. Included by the top Makefile after guest-tests/guest-tests.mk,
# whose GUEST_* flags and guest_link it reuses. Its main run gives QEMU one
# CPU (bench/run-bench passes SMP=1 to print-qemu, whatever SMP= says here),
# so those figures stay single-CPU ones; a second run (SMP=2) boots
# bench_smp.elf (two vCPUs) with bench_peer.elf pinned to CPU 1.
#
#   make bench                       build, run, print the table, check budgets
#   make bench-guests                only build the bench guests
#   $(O)/bench/bench_control_pmu.elf the control guest timing with PMCCNTR
#                                    (cycles), for real boards (lava/job-bench.yaml.in)
#   bench/profile <figure>           where one figure's instructions go, by
#                                    hypv7 function (QEMU -singlestep trace);
#                                    --by-address: every instruction run
#                                    with its count per call

BENCH_OUT := $(O)/bench
BENCH_HDRS := bench/bench.h
BENCH_ELFS := $(BENCH_OUT)/bench_control.elf $(BENCH_OUT)/bench_peer.elf \
              $(BENCH_OUT)/bench_control_pmu.elf $(BENCH_OUT)/bench_smp.elf \
              $(BENCH_OUT)/bench_snap.elf

# The Linux snapshot run's control guest: sr_common.c's waits and buffer.
GUEST_EXTRA_bench_snap += guest-tests/sr_common.c
GUEST_DEFS_bench_snap := -Iguest-tests
$(BENCH_OUT)/bench_snap.elf: guest-tests/sr_common.c guest-tests/sr_common.h

# The control guest's IRQ vector for the interrupt latency (bench_irq.S).
GUEST_EXTRA_bench_control += bench/bench_irq.S
GUEST_EXTRA_bench_control_pmu += bench/bench_irq.S
# The floor call exists only in BENCH_IMAGE=1 hypervisors (Makefile).
GUEST_DEFS_bench_control := -DBENCH_FLOOR_FN=$(BENCH_FLOOR_FN)
# bench/profile: BENCH_ONLY=<figure> times only that figure, in one batch of
# BENCH_PROFILE_ITERS calls (its build directory is its own).
BENCH_PROFILE_ITERS ?= 100
ifneq ($(BENCH_ONLY),)
GUEST_DEFS_bench_control += -DBENCH_ONLY='"$(BENCH_ONLY)"' -DITERS=$(BENCH_PROFILE_ITERS)u -DBATCHES=1u
endif
# The PMU variant of the control guest: same source, cycle counter clock.
GUEST_DEFS_bench_control_pmu := $(GUEST_DEFS_bench_control) -DBENCH_PMU=1

$(BENCH_OUT)/bench_control.elf $(BENCH_OUT)/bench_control_pmu.elf: bench/bench_irq.S

$(BENCH_OUT)/%.elf: bench/%.c $(BENCH_HDRS) $(GUEST_LIB_OBJS) $(GUEST_LIB_HDRS) linker/guest.ld
	@mkdir -p $(@D)
	$(call guest_link,$*)

$(BENCH_OUT)/bench_control_pmu.elf: bench/bench_control.c $(BENCH_HDRS) $(GUEST_LIB_OBJS) $(GUEST_LIB_HDRS) linker/guest.ld
	@mkdir -p $(@D)
	$(call guest_link,bench_control_pmu)

.PHONY: bench bench-guests
bench-guests: $(BENCH_ELFS)

bench: deps
	$(Q)bench/run-bench
