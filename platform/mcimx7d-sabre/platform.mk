# NXP i.MX7Dual SABRE. QEMU's mcimx7d-sabre loads the ELF at its link
# address; U-Boot on the real board loads hypv7.uImage to the same address.
PLATFORM_LOAD_ADDR := 0x80008000
QEMU_MACHINE := mcimx7d-sabre
QEMU_CPUS := cortex-a7
QEMU_MEM := 1024
# CPUs QEMU gives the board unless SMP= says otherwise: the i.MX7Dual has
# two Cortex-A7, and QEMU's mcimx7d-sabre refuses more than 2.
BOARD_CPUS := 2
QEMU_SMP_COUNTS := 1 2
