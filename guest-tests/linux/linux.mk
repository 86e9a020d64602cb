# Linux guests (docs/linux-guests.md): Debian's armhf kernel and busybox,
# fetched by tools/fetch-linux, and two initramfs built by tools/mkinitramfs.
# Included by the top Makefile; relies on O, BUILD, MAKE and Q.
#
#   make linux-files   everything below, in $(LINUX_OUT)/
#   make run-linux     a Linux shell as VM 1 beside the control VM watch_vms
#
# $(LINUX_OUT)/vmlinuz, busybox    from Debian's .debs (cached in LINUX_CACHE)
# $(LINUX_OUT)/init-test           guest-tests/linux/init.c, static, armhf
# $(LINUX_OUT)/test-initramfs.cpio.gz   init-test as /init (the guest tests)
# $(LINUX_OUT)/shell-initramfs.cpio.gz  busybox + shell-init.sh as /init

LINUX_OUT := $(O)/linux
# The downloaded .debs: one cache for every O= (downloaded once).
LINUX_CACHE ?= build/linux-cache
LINUX_CC := arm-linux-gnueabihf-gcc
LINUX_CFLAGS := -static -O2 -std=c11 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
                -Iguest-tests/lib
# The TAP helper of the bare-metal guests is plain stdio: the init links it too.
LINUX_INIT_SRCS := guest-tests/linux/init.c guest-tests/lib/tap.c

# make run-linux: VM 1's RAM and kernel command line; VM 0 is watch_vms.
LINUX_MEM ?= 256
LINUX_CMDLINE ?= console=ttyAMA0
LINUX_IMAGE := $(BUILD)/hypv7-linux.elf

LINUX_FILES := $(addprefix $(LINUX_OUT)/,vmlinuz busybox init-test \
                 test-initramfs.cpio.gz shell-initramfs.cpio.gz)

.PHONY: linux-files run-linux deps-linux
linux-files: $(LINUX_FILES)

deps-linux:
	$(Q)tools/check-deps linux

# Fetched once; delete them (or the cache) to fetch again.
$(LINUX_OUT)/vmlinuz $(LINUX_OUT)/busybox &: tools/fetch-linux | deps-linux
	$(Q)tools/fetch-linux $(LINUX_CACHE) $(LINUX_OUT)

$(LINUX_OUT)/init-test: $(LINUX_INIT_SRCS) guest-tests/lib/tap.h | deps-linux
	@mkdir -p $(@D)
	$(Q)$(LINUX_CC) $(LINUX_CFLAGS) -o $@ $(LINUX_INIT_SRCS)

$(LINUX_OUT)/test-initramfs.cpio.gz: $(LINUX_OUT)/init-test tools/mkinitramfs
	$(Q)tools/mkinitramfs $@ $<:/init

$(LINUX_OUT)/shell-initramfs.cpio.gz: $(LINUX_OUT)/busybox guest-tests/linux/shell-init.sh \
                                      tools/mkinitramfs
	$(Q)tools/mkinitramfs $@ $<:/bin/busybox guest-tests/linux/shell-init.sh:/init

# The image is built by a make of its own: its VMs are make variables.
# CONSOLE_FOCUS=1: the keyboard goes to the Linux VM.
run-linux: deps deps-linux
	$(Q)$(MAKE) --no-print-directory run IMAGE=$(LINUX_IMAGE) CONSOLE_FOCUS=1 \
		VM0=$(O)/guests/watch_vms.elf \
		VM1=$(LINUX_OUT)/vmlinuz VM1_MEM=$(LINUX_MEM) \
		VM1_INITRD=$(LINUX_OUT)/shell-initramfs.cpio.gz VM1_CMDLINE="$(LINUX_CMDLINE)"
