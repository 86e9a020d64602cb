# ARM Versatile Express with a Cortex-A15 tile (V2P-CA15); QEMU starts it in
# Secure SVC, and hypv7's boot code drops to Non-secure Hyp itself.
PLATFORM_LOAD_ADDR := 0x80000000
QEMU_MACHINE := vexpress-a15,virtualization=on
QEMU_CPUS := cortex-a15
QEMU_MEM := 1024
# CPUs QEMU gives the board unless SMP= says otherwise: the CoreTile
# Express A15x2 (V2P-CA15) has two Cortex-A15 (QEMU takes up to 4).
BOARD_CPUS := 2
