# QEMU's virt board, started in Hyp mode (virtualization=on).
PLATFORM_LOAD_ADDR := 0x40000000
QEMU_MACHINE := virt,virtualization=on
QEMU_CPUS := cortex-a15 cortex-a7
QEMU_MEM := 1024
