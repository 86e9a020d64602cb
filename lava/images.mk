# Boot images for bootloaders, made from a hypv7 image (IMAGE, an ELF linked
# at PLATFORM_LOAD_ADDR; included by lava/lava.mk):
#   make boot-images PLATFORM=<board> [IMAGE=<dir>/<name>.elf VM0=...]
#     <dir>/<name>.bin     the raw image (objcopy -O binary), to load at PLATFORM_LOAD_ADDR
#     <dir>/<name>.uImage  U-Boot legacy image of it for bootm: load address
#                          PLATFORM_LOAD_ADDR, entry the ELF's entry point
#     <dir>/kernel7.img    the raw image under the name the Raspberry Pi
#                          firmware loads
# (Recipes, not targets, name the files: IMAGE is set after this is included.)
READELF := $(CROSS_COMPILE)readelf
MKIMAGE ?= mkimage

.PHONY: boot-images
boot-images: image
	$(Q)first=$$($(READELF) -lW $(IMAGE) | awk '$$1 == "LOAD" { print $$4; exit }'); \
	if [ $$(($$first)) -ne $$(($(PLATFORM_LOAD_ADDR))) ]; then \
	  echo "$(IMAGE): loads at $$first, not at PLATFORM_LOAD_ADDR $(PLATFORM_LOAD_ADDR)" >&2; exit 1; fi
	$(Q)$(OBJCOPY) -O binary $(IMAGE) $(basename $(IMAGE)).bin
	$(Q)entry=$$($(READELF) -h $(IMAGE) | awk '/Entry point address/ { print $$4 }'); \
	$(MKIMAGE) -A arm -O linux -T kernel -C none -a $(PLATFORM_LOAD_ADDR) -e $$entry \
	  -n "hypv7 $(PLATFORM)" -d $(basename $(IMAGE)).bin $(basename $(IMAGE)).uImage >/dev/null
	$(Q)cp $(basename $(IMAGE)).bin $(dir $(IMAGE))kernel7.img
	$(Q)echo "  BOOTIMG $(basename $(IMAGE)).uImage, .bin, $(dir $(IMAGE))kernel7.img"
