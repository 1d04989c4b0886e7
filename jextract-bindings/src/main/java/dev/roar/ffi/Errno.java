package dev.roar.ffi;

/** errno values the tracer reacts to, and names for messages. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EFAULT = 14;
    public static final int EACCES = 13;
    public static final int ECHILD = 10;
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;

    private Errno() {
    }

    public static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM (operation not permitted)";
            case ENOENT -> "ENOENT (no such file or directory)";
            case ESRCH -> "ESRCH (no such process)";
            case EINTR -> "EINTR (interrupted)";
            case ECHILD -> "ECHILD (no child processes)";
            case EACCES -> "EACCES (permission denied)";
            case EFAULT -> "EFAULT (bad address)";
            case EINVAL -> "EINVAL (invalid argument)";
            case ENOSYS -> "ENOSYS (function not implemented)";
            default -> "errno " + errno;
        };
    }
}
