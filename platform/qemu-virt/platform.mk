# QEMU's virt board, started in Hyp mode (virtualization=on).
PLATFORM_LOAD_ADDR := 0x40000000
QEMU_MACHINE := virt,virtualization=on
QEMU_CPUS := cortex-a15 cortex-a7
QEMU_MEM := 1024
# CPUs QEMU gives the board unless SMP= says otherwise. QEMU's virt takes
# up to 8; two, so every run has a secondary core to start.
BOARD_CPUS := 2
