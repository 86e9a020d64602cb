#!/bin/busybox sh
# /init of the shell initramfs (`make run-linux`, docs/linux-guests.md):
# busybox's tools on the PATH, /proc, /sys and devtmpfs mounted, a banner,
# then an interactive shell on the console with job control (setsid makes
# it a session leader, cttyhack gives it the console's real tty, ttyAMA0,
# as its controlling terminal). When the shell exits, the VM powers off.
/bin/busybox mkdir -p /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /root
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root PS1='\h:\w\$ '
mount -t devtmpfs devtmpfs /dev
mount -t proc proc /proc
mount -t sysfs sysfs /sys
hostname hypv7-linux
cd /root || cd /
cat <<BANNER

Linux $(uname -r) on hypv7: a busybox shell (PID 1 is /init, a script).
Power this VM off with 'poweroff -f' (or by leaving the shell: exit, Ctrl-D).

BANNER
setsid cttyhack sh
echo "the shell has exited: powering off"
poweroff -f
