#!/bin/sh
# The console of a U-Boot board made of QEMU: the virt machine as hypv7's
# qemu-virt platform runs it (platform/qemu-virt/platform.mk), Debian's
# u-boot-qemu as its firmware, and QEMU's built-in DHCP/TFTP serving the TFTP
# directory LAVA deploys to (TFTP_DIRECTORY in /etc/default/tftpd-hpa). Seen
# from the board, the TFTP server is 10.0.2.2 (dispatcher_ip in
# lava/dispatcher-qemu-uboot.yaml). LAVA runs this as the device's
# connection command and talks to U-Boot on stdin/stdout.
set -e
UBOOT=/usr/lib/u-boot/qemu_arm/u-boot.bin
TFTP_DIRECTORY=/srv/tftp
. /etc/default/tftpd-hpa
exec qemu-system-arm -M virt,virtualization=on -cpu cortex-a15 -m 1024 -nographic \
    -bios "$UBOOT" \
    -netdev user,id=net0,tftp="$TFTP_DIRECTORY" -device virtio-net-device,netdev=net0
