# LAVA jobs for hypv7, run here with lava-run and no LAVA server (as root).
# Included by the top Makefile; uses O, PLATFORM, CPU and the board's
# QEMU_MACHINE/QEMU_MEM, and builds images through `$(MAKE) image`.
#
#   make lava-test      install what is missing, build the images, validate the
#                       jobs, run them (QEMU, and the QEMU U-Boot board over
#                       TFTP + bootm), judge them with lava/lava-results.py
#   make lava-validate  check every job (qemu, QEMU U-Boot board, real boards)
#                       with lava_common's schema and with `lava-run --validate`
#                       against device configs rendered from LAVA's stock
#                       device-type templates
#   make boot-images    <image>.bin, <image>.uImage, kernel7.img (lava/images.mk)
# Everything is written under $(O)/lava/.

include lava/images.mk

LAVA_OUT := $(O)/lava
LAVA_PYTHON := /usr/bin/python3
LAVA_RUN := lava-run

# ---- what the jobs run ----------------------------------------------------
# A LAVA job boots one image, so each job is one hypv7 image holding several
# guest tests as VMs. VM 0 (worker) yields to the others, works, and powers
# the board off last. TAP case names must not repeat within a job, so a
# guest program appears at most once per job.
# The register-ABI tests drive reg_worker in VM 1 from VM 0, the control VM,
# so each is an image of its own.
LAVA_REG_TESTS := reg_list reg_roundtrip reg_worker_view
LAVA_IMAGES := basics isolation $(LAVA_REG_TESTS)
LAVA_VMS_basics := worker entry_state psci smccc_discovery uart_lines_vm0
# The benchmark guests (bench/), timing with the cycle counter on silicon.
LAVA_VMS_bench := bench_control_pmu bench_peer
LAVA_VM_DIR_bench := $(O)/bench
LAVA_VM_MEM_bench := VM0_MEM=96
LAVA_IMAGE_FLAGS_bench := BENCH_IMAGE=1
LAVA_VMS_isolation := worker stop_bad_read stop_smc stop_cpu_off stop_system_off reset_count spin
$(foreach t,$(LAVA_REG_TESTS),$(eval LAVA_VMS_$(t) := $(t) reg_worker))
# Guests that print no TAP plan (the image's other VMs must each print one).
LAVA_NO_TAP := spin stop_bad_read stop_smc stop_cpu_off stop_system_off reg_worker
lava_tap_vms = $(words $(filter-out $(LAVA_NO_TAP),$(LAVA_VMS_$(1))))

# Jobs: qemu-<image> for each image on PLATFORM under QEMU; uboot-basics is the
# basics image (qemu-virt) as a uImage, TFTP-loaded and bootm'ed by U-Boot on
# the QEMU U-Boot board (lava/devices/hypv7-qemu-uboot.jinja2); rpi2 and imx7
# are the same board job for real boards, only validated here.
LAVA_RUN_JOBS := $(addprefix qemu-,$(LAVA_IMAGES)) uboot-basics
LAVA_BOARD_JOBS := rpi2 imx7 rpi2-bench
LAVA_JOBS := $(LAVA_RUN_JOBS) $(LAVA_BOARD_JOBS)

# Per job: device dictionary (lava/devices/hypv7-<device>.jinja2), job
# template, dispatcher config, image (<image>:<platform>).
$(foreach i,$(LAVA_IMAGES),$(eval LAVA_DEVICE_qemu-$(i) := qemu)\
  $(eval LAVA_TEMPLATE_qemu-$(i) := qemu)$(eval LAVA_IMAGE_qemu-$(i) := $(i):$(PLATFORM)))
LAVA_DEVICE_uboot-basics := qemu-uboot
LAVA_DEVICE_rpi2 := bcm2836-rpi-2-b
LAVA_DEVICE_imx7 := imx7d-sdb
LAVA_DEVICE_rpi2-bench := bcm2836-rpi-2-b
LAVA_TEMPLATE_rpi2-bench := bench
LAVA_DEVICE_TYPE_qemu-uboot := qemu-uboot
LAVA_DISPATCHER_uboot-basics := qemu-uboot
LAVA_IMAGE_uboot-basics := basics:qemu-virt
# hypv7 platforms for the real boards. A board hypv7 has no platform for yet
# (platform/<name>/platform.mk) gets its job validated with the qemu-virt
# uImage in its place; lava-validate says so.
LAVA_PLATFORM_rpi2 ?= raspi2b
LAVA_PLATFORM_imx7 ?= mcimx7d-sabre
lava_board_platform = $(if $(wildcard platform/$(1)/platform.mk),$(1),qemu-virt)
LAVA_IMAGE_rpi2 = basics:$(call lava_board_platform,$(LAVA_PLATFORM_rpi2))
LAVA_IMAGE_imx7 = basics:$(call lava_board_platform,$(LAVA_PLATFORM_imx7))
LAVA_IMAGE_rpi2-bench = bench:$(call lava_board_platform,$(LAVA_PLATFORM_rpi2))

lava_device = $(LAVA_DEVICE_$(1))
lava_device_type = $(or $(LAVA_DEVICE_TYPE_$(LAVA_DEVICE_$(1))),$(LAVA_DEVICE_$(1)))
lava_template = lava/job-$(or $(LAVA_TEMPLATE_$(1)),uboot).yaml.in
lava_dispatcher = lava/dispatcher-$(or $(LAVA_DISPATCHER_$(1)),local).yaml
lava_image_name = $(word 1,$(subst :, ,$(LAVA_IMAGE_$(1))))
lava_image_platform = $(word 2,$(subst :, ,$(LAVA_IMAGE_$(1))))
# The ELF of image $(1) built for platform $(2), and the file a job boots.
lava_elf = $(LAVA_OUT)/images/$(2)-$(1)/hypv7.elf
lava_boot_file = $(call lava_elf,$(call lava_image_name,$(1)),$(call lava_image_platform,$(1)))
lava_boot_file_of = $(if $(filter qemu,$(LAVA_TEMPLATE_$(1))),$(call lava_boot_file,$(1)),$(basename $(call lava_boot_file,$(1))).uImage)

# ---- tools and stock device-type templates --------------------------------
LAVA_TEMPLATES := $(LAVA_OUT)/lava-server/usr/share/lava-server/device-types

.PHONY: lava-deps lava-root
lava-deps:
	$(Q)lava/install-deps.sh --uboot

lava-root:
	$(Q)if [ "$$(id -u)" != 0 ]; then \
	  echo "lava-run runs only as root: run 'make $(MAKECMDGOALS)' as root" >&2; exit 1; fi

# lava-dispatcher ships no device-type templates; lava-server's package has
# them (only unpacked here, not installed).
$(LAVA_TEMPLATES)/base-uboot.jinja2: | lava-deps
	@mkdir -p $(LAVA_OUT)/lava-server
	$(Q)cd $(LAVA_OUT) && rm -f lava-server_*.deb && \
	  { apt-get download lava-server 2>/dev/null || { apt-get update -q >/dev/null && apt-get download lava-server; }; }
	$(Q)dpkg-deb -x $(LAVA_OUT)/lava-server_*.deb $(LAVA_OUT)/lava-server
	$(Q)touch $@

# ---- images ---------------------------------------------------------------
# Each <image>:<platform> the jobs use, built once with its boot images:
# $(LAVA_OUT)/images/<platform>-<image>/hypv7.{elf,bin,uImage}, kernel7.img
lava_vm_args = $(join $(patsubst %,VM%=,$(wordlist 1,$(words $(LAVA_VMS_$(1))),0 1 2 3 4 5 6 7)),\
  $(patsubst %,$(or $(LAVA_VM_DIR_$(1)),$(O)/guests)/%.elf,$(LAVA_VMS_$(1)))) $(LAVA_VM_MEM_$(1))
LAVA_IMAGE_BUILDS = $(sort $(foreach j,$(LAVA_JOBS),$(LAVA_IMAGE_$(j))))
.PHONY: lava-images
lava-images: bench-guests
	$(Q)$(foreach b,$(LAVA_IMAGE_BUILDS),$(MAKE) -s --no-print-directory O=$(O) \
	  PLATFORM=$(word 2,$(subst :, ,$(b))) \
	  IMAGE=$(call lava_elf,$(word 1,$(subst :, ,$(b))),$(word 2,$(subst :, ,$(b)))) \
	  $(call lava_vm_args,$(word 1,$(subst :, ,$(b)))) \
	  $(LAVA_IMAGE_FLAGS_$(word 1,$(subst :, ,$(b)))) boot-images &&) true

# ---- devices and jobs -----------------------------------------------------
# $(LAVA_OUT)/devices/<device>.yaml: rendered like lava-server renders a device
# dictionary. The qemu device takes the board's QEMU settings as job context.
LAVA_DEVICE_CONTEXT_qemu = arch=arm cpu=$(CPU) machine=$(QEMU_MACHINE) memory=$(QEMU_MEM)
LAVA_DEVICE_CONTEXT_qemu-uboot = connection_command=$(CURDIR)/lava/qemu-uboot-board.sh
LAVA_DEVICES := $(sort $(foreach j,$(LAVA_JOBS),$(LAVA_DEVICE_$(j))))

.PHONY: lava-jobs
lava-jobs: $(LAVA_TEMPLATES)/base-uboot.jinja2 lava-images
	@mkdir -p $(LAVA_OUT)/devices
	$(Q)$(foreach d,$(LAVA_DEVICES),$(LAVA_PYTHON) lava/render-device.py $(LAVA_TEMPLATES) \
	  lava/devices/hypv7-$(d).jinja2 $(LAVA_DEVICE_CONTEXT_$(d)) > $(LAVA_OUT)/devices/$(d).yaml &&) true
	$(Q)$(foreach j,$(LAVA_JOBS),mkdir -p $(LAVA_OUT)/jobs/$(j) && \
	  sed -e '/@TEST@/{r lava/tap-monitor.yaml.in' -e 'd}' $(call lava_template,$(j)) | sed \
	  -e 's|@JOB_NAME@|hypv7-$(j)|g' \
	  -e 's|@DEVICE_TYPE@|$(call lava_device_type,$(j))|g' \
	  -e 's|@IMAGE_URL@|file://$(abspath $(call lava_boot_file_of,$(j)))|g' \
	  -e 's|@TAP_VMS@|$(call lava_tap_vms,$(call lava_image_name,$(j)))|g' \
	  -e 's|@CPU@|$(CPU)|g' -e 's|@MACHINE@|$(QEMU_MACHINE)|g' -e 's|@MEMORY@|$(QEMU_MEM)|g' \
	  > $(LAVA_OUT)/jobs/$(j)/job.yaml &&) true

# ---- validation -----------------------------------------------------------
# lava-run --validate leaves empty scratch folders named after the job id; they go.
LAVA_SCRATCH := /var/lib/lava/dispatcher/tmp $$(. /etc/default/tftpd-hpa && echo $${TFTP_DIRECTORY:-/srv/tftp})

.PHONY: lava-validate
lava-validate: lava-root lava-jobs
	$(Q)$(foreach j,$(LAVA_BOARD_JOBS),$(if $(wildcard platform/$(LAVA_PLATFORM_$(j))/platform.mk),,\
	  echo "note: hypv7 has no platform $(LAVA_PLATFORM_$(j)) yet: hypv7-$(j) is validated with the qemu-virt uImage";))
	$(Q)$(LAVA_PYTHON) lava/validate.py $(foreach j,$(LAVA_JOBS),job=$(LAVA_OUT)/jobs/$(j)/job.yaml) \
	  $(foreach d,$(LAVA_DEVICES),device=$(LAVA_OUT)/devices/$(d).yaml)
	$(Q)failed=0; $(foreach j,$(LAVA_JOBS),\
	  id=hypv7-validate-$(j)-$$$$; dir=$(LAVA_OUT)/jobs/$(j); \
	  if $(LAVA_RUN) --validate --job-id $$id --output-dir $$dir/validate \
	      --device $(LAVA_OUT)/devices/$(LAVA_DEVICE_$(j)).yaml --dispatcher $(call lava_dispatcher,$(j)) \
	      $$dir/job.yaml 2> $$dir/validate.log && grep -q '"result": "pass"' $$dir/validate.log; \
	  then echo "ok   lava-run --validate hypv7-$(j) ($(LAVA_DEVICE_$(j)))"; \
	  else echo "FAIL lava-run --validate hypv7-$(j) ($(LAVA_DEVICE_$(j))): see $$dir/validate.log"; failed=1; fi; \
	  for s in $(LAVA_SCRATCH); do rm -rf "$$s/$$id"; done;) \
	exit $$failed

# ---- running --------------------------------------------------------------
# The jobs run side by side (LAVA spends most of a QEMU job waiting for it
# to power off); each job's files land in $(LAVA_OUT)/jobs/<job>/.
.PHONY: lava-test
lava-test: lava-validate
	$(Q)$(foreach j,$(LAVA_RUN_JOBS),\
	  dir=$(LAVA_OUT)/jobs/$(j); rm -rf $$dir/run; \
	  ( start=$$(date +%s); $(LAVA_RUN) --job-id hypv7-$(j)-$$$$ --output-dir $$dir/run \
	      --device $(LAVA_OUT)/devices/$(LAVA_DEVICE_$(j)).yaml --dispatcher $(call lava_dispatcher,$(j)) \
	      $$dir/job.yaml 2> $$dir/lava.log; \
	    echo "  LAVA    hypv7-$(j): lava-run exit $$?, $$(($$(date +%s) - start)) s" ) &) wait
	$(Q)$(LAVA_PYTHON) lava/lava-results.py $(addprefix $(LAVA_OUT)/jobs/,$(LAVA_RUN_JOBS))
