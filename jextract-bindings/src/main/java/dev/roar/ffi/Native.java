package dev.roar.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/** Looks up libc symbols and links them, capturing errno. */
final class Native {
    static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

    private Native() {
    }

    static MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return function(LIBC, name, descriptor, options);
    }

    static MethodHandle function(SymbolLookup library, String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = ERRNO;
        System.arraycopy(options, 0, all, 1, options.length);
        return LINKER.downcallHandle(
                library.find(name).orElseThrow(() -> new UnsatisfiedLinkError("no symbol " + name)), descriptor, all);
    }

    /**
     * A libc-style function linked as {@code long f(long, ..., long)}: every argument and the result one
     * 64-bit word. On x86_64 and aarch64 integers and pointers travel in the same registers, an int result
     * is the low half of the word, and a narrower argument is passed sign-extended, which a long of the
     * same value is. Linking costs ~10 ms per distinct signature in a cold JVM and the JDK's AOT cache
     * does not keep it, so the ~45 bindings share six signatures instead of needing twenty.
     * Not for variadic functions (the caller must say how many vector registers it used).
     */
    static MethodHandle words(String name, int arguments) {
        return words(LIBC, name, arguments);
    }

    static MethodHandle words(SymbolLookup library, String name, int arguments) {
        MemoryLayout[] parameters = new MemoryLayout[arguments];
        java.util.Arrays.fill(parameters, ValueLayout.JAVA_LONG);
        return function(library, name, FunctionDescriptor.of(ValueLayout.JAVA_LONG, parameters));
    }

    /** A pointer argument for a {@link #words} binding: the address of native memory. */
    static long word(MemorySegment segment) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("a native call needs native memory, not a heap segment");
        }
        return segment.address();
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
