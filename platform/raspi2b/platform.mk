# Raspberry Pi 2 Model B. QEMU's raspi2b starts all four cores at the ELF
# entry in Secure SVC and accepts exactly 1 GiB; the Raspberry Pi firmware
# loads kernel7.img at 0x8000 and enters it in Hyp mode. Linking at 0x8000
# serves both.
PLATFORM_LOAD_ADDR := 0x8000
QEMU_MACHINE := raspi2b
QEMU_CPUS := cortex-a7
QEMU_MEM := 1024
# CPUs QEMU gives the board: the Pi 2's BCM2836 has four Cortex-A7, and
# QEMU's raspi2b refuses any other -smp ("min CPUs ... is 4"), so SMP=
# takes only 4 here; -smp 4 is passed all the same, as for every board.
BOARD_CPUS := 4
QEMU_SMP_COUNTS := 4
