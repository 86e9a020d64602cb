/*
 * Files on the host, under QEMU's semihosting (ARM's semihosting calls:
 * SVC 0x123456 from a privileged mode). Only when QEMU runs with
 * -semihosting-config enable=on (tests.list: semihosting = yes); the file
 * names are relative to the folder QEMU runs in. For the control VM's
 * snapshot files (docs/save-restore.md).
 */
#ifndef GUEST_SEMIHOST_H
#define GUEST_SEMIHOST_H

#include <stddef.h>

/* Writes buf[0..len) to `name` (created or truncated); 0 or -1. */
int semihost_write_file(const char *name, const void *buf, size_t len);
/* The size of `name`, or -1 if it cannot be opened. */
long semihost_file_size(const char *name);
/* Reads the whole of `name` (at most `max` bytes) into buf; its size, or -1. */
long semihost_read_file(const char *name, void *buf, size_t max);

#endif
