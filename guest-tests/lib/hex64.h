/*
 * Printing u64 values: the guests' newlib is built without long long
 * printf support (nano.specs), so "%llx" prints "lx". Use
 *   printf("id " HEX64_FMT "\n", HEX64_ARGS(id));
 */
#ifndef HEX64_H
#define HEX64_H

#define HEX64_FMT "0x%08lx%08lx"
#define HEX64_ARGS(v) (unsigned long)((uint64_t)(v) >> 32), (unsigned long)(uint64_t)(v)

#endif
