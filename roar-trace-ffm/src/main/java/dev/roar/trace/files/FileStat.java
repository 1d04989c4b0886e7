package dev.roar.trace.files;

/** What stat(2) says of a file, as far as lineage cares. */
public record FileStat(long device, long inode, int mode, long size, long mtimeNanos) {
    public boolean isRegularFile() {
        return (mode & 0170000) == 0100000;
    }
}
