/*
 * The records roar's BPF probes put into the ring buffer. The Java decoder
 * (dev.roar.trace.ebpf.RecordDecoder) reads exactly this layout: little-endian, a fixed 56-byte head,
 * then path1 (len1 bytes, no NUL) and path2 (len2 bytes). Paths are the bytes the process passed,
 * up to PATH_MAX, never re-encoded.
 */
#ifndef ROAR_EVENTS_H
#define ROAR_EVENTS_H

#define ROAR_PATH_MAX 4096

enum roar_kind {
    ROAR_FORK = 1,        /* tid = parent, i0 = child tid, u0: bit0 shares files, bit1 shares fs */
    ROAR_EXEC = 2,        /* tid, i0 = former tid (a non-leader thread exec'd), path1 = file, path2 = argv (NUL-separated) */
    ROAR_EXIT = 3,        /* tid */
    ROAR_OPEN = 4,        /* i0 = fd, i1 = dirfd, u0 = open flags, i2: bit0 regular file, bit1 created; x1 = size, x2 = mtime ns; path1 */
    ROAR_PROBE = 5,       /* i0 = fd, x0 = position, x1 = size, x2 = mtime ns (regular files only) */
    ROAR_CLOSE = 6,       /* i0 = fd */
    ROAR_CLOSE_RANGE = 7, /* i0 = first, i1 = last */
    ROAR_DUP = 8,         /* i0 = old fd, i1 = new fd, u0 = close-on-exec */
    ROAR_RENAME = 9,      /* i0 = from dirfd, i1 = to dirfd, u0 = renameat2 flags; path1 = from, path2 = to */
    ROAR_LINK = 10,       /* i0 = from dirfd, i1 = to dirfd; path1 = from, path2 = to */
    ROAR_UNLINK = 11,     /* i1 = dirfd; path1 */
    ROAR_TRUNCATE = 12,   /* u0 = 0: path1 (relative to cwd); u0 = 1: i0 = fd */
    ROAR_CHDIR = 13,      /* u0 = 0: path1; u0 = 1: i0 = fd */
    ROAR_MMAP = 14,       /* i0 = fd, u0: bit0 readable, bit1 shared writable */
    ROAR_READ = 15,       /* i0 = fd, x0 = bytes (pread family, sendfile/splice/copy_file_range source) */
    ROAR_WRITE = 16,      /* i0 = fd, x0 = bytes (sendfile/splice/copy_file_range destination) */
};

struct roar_event {
    __u32 kind;
    __u32 tid;
    __s32 i0;
    __s32 i1;
    __s32 i2;
    __u32 u0;
    __u64 x0;
    __u64 x1;
    __u64 x2;
    __u16 len1;
    __u16 len2;
    __u32 pad;
};

#endif
