package dev.roar.trace.classify;

/** The open(2) flag bits the classifier needs; the same values on x86_64 and aarch64. */
public final class OpenFlags {
    public static final int O_WRONLY = 01;
    public static final int O_RDWR = 02;
    public static final int O_CREAT = 0100;
    public static final int O_TRUNC = 01000;
    public static final int O_CLOEXEC = 02000000;

    private OpenFlags() {
    }
}
