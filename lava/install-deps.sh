#!/bin/sh
# Make sure this machine has what hypv7's LAVA jobs need (Debian 12 packages),
# installing what is missing when run as root.
#   install-deps.sh            lava-run and the schema validator (lava-dispatcher),
#                              TFTP deploys and board devices (tftpd-hpa, telnet),
#                              mkimage (u-boot-tools)
#   install-deps.sh --uboot    also U-Boot for QEMU (u-boot-qemu), for the QEMU U-Boot board
set -e
# command-or-file:package
NEEDS="lava-run:lava-dispatcher /etc/default/tftpd-hpa:tftpd-hpa telnet:telnet mkimage:u-boot-tools"
[ "$1" = --uboot ] && NEEDS="$NEEDS /usr/lib/u-boot/qemu_arm/u-boot.bin:u-boot-qemu"

missing=
for need in $NEEDS; do
    what=${need%%:*}
    case $what in
    /*) [ -e "$what" ] ;;
    *) command -v "$what" >/dev/null ;;
    esac || missing="$missing ${need#*:}"
done
[ -z "$missing" ] && exit 0

install="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
    echo "hypv7 LAVA jobs need:$missing. As root, run:" >&2
    echo "  apt-get update && DEBIAN_FRONTEND=noninteractive $install" >&2
    exit 1
fi
echo "  APT     $install"
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive $install >/dev/null
