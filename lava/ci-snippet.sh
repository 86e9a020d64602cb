# Proposal for .ci/run (the lead's): the lines to run after `make test`, as
# root on a fresh Debian 12 machine. `make lava-test` installs what it lacks
# (lava-dispatcher, tftpd-hpa, telnet, u-boot-tools, u-boot-qemu; apt-get,
# --no-install-recommends), unpacks LAVA's stock device-type templates from
# the lava-server package, validates every job (schema, strict, and
# `lava-run --validate`, real-board jobs included), runs the QEMU jobs and
# the QEMU U-Boot board job with lava-run and ends with "N passed, N failed";
# it exits non-zero on any failure. Its files are under build/lava/.
make lava-test 2>&1 | tee build/ci-lava.log
tools/sum-results build/ci-test.log make-test build/ci-lava.log make-lava-test
