package dev.roar.trace.launch;

import dev.roar.trace.TraceException;
import dev.roar.trace.files.BundledFile;

import java.io.IOException;
import java.nio.file.Path;

/** The trampoline binary (see trampoline.c), shipped inside the jar; the kernel can only exec a file. */
public final class Trampoline {
    private Trampoline() {
    }

    private static String resourceName() {
        return "trampoline-" + System.getProperty("os.arch");
    }

    public static boolean bundled() {
        return BundledFile.present(Trampoline.class, resourceName());
    }

    public static Path extract() throws TraceException {
        try {
            return BundledFile.extract(Trampoline.class, resourceName(), "trampoline", "");
        } catch (IOException e) {
            throw new TraceException("cannot provide the ptrace trampoline: " + e.getMessage(), e);
        }
    }
}
