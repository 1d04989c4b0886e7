package dev.roar.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * libbpf.so.1 (libbpf 1.x): open a BPF object from memory, load it (CO-RE relocation against the
 * kernel's BTF, verification), attach its programs, and reach its maps. libbpf 1.x returns -errno
 * from int functions and NULL with errno set from pointer functions; both are captured.
 */
public final class Libbpf {
    public static final String LIBRARY = "libbpf.so.1";

    private Libbpf() {
    }

    /** Why libbpf cannot be used here, or empty when it can (linking it on first call). */
    public static Optional<String> unavailable() {
        try {
            Handles.link();
            return Optional.empty();
        } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
            return Optional.of(LIBRARY + " cannot be loaded (" + e.getMessage() + ")");
        } catch (ExceptionInInitializerError e) {
            return Optional.of(LIBRARY + " cannot be loaded (" + e.getCause() + ")");
        } catch (NoClassDefFoundError e) {
            return Optional.of(LIBRARY + " cannot be loaded (it failed earlier in this process)");
        }
    }

    /** Linked on first use only: a machine without libbpf must still run the ptrace backend. */
    private static final class Handles {
        static final SymbolLookup LIB = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
        static final MethodHandle OPEN_MEM = fn("bpf_object__open_mem", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        static final MethodHandle LOAD = fn("bpf_object__load", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle CLOSE = fn("bpf_object__close", FunctionDescriptor.ofVoid(ADDRESS));
        static final MethodHandle FIND_MAP = fn("bpf_object__find_map_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle MAX_ENTRIES = fn("bpf_map__max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle MAP_FD = fn("bpf_map__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle NEXT_PROGRAM = fn("bpf_object__next_program", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle PROGRAM_NAME = fn("bpf_program__name", FunctionDescriptor.of(ADDRESS, ADDRESS));
        static final MethodHandle ATTACH = fn("bpf_program__attach", FunctionDescriptor.of(ADDRESS, ADDRESS));
        static final MethodHandle LINK_FD = fn("bpf_link__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle DESTROY_LINK = fn("bpf_link__destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle UPDATE = fn("bpf_map_update_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        static final MethodHandle LOOKUP = fn("bpf_map_lookup_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle NEXT_KEY = fn("bpf_map_get_next_key", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle SET_PRINT = fn("libbpf_set_print", FunctionDescriptor.of(ADDRESS, ADDRESS));

        static {
            try (CallState state = new CallState()) {
                // libbpf prints its own warnings to stderr by default; roar reports failures itself.
                MemorySegment ignored = (MemorySegment) SET_PRINT.invokeExact(state.segment, MemorySegment.NULL);
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
        }

        static void link() {
        }

        private static MethodHandle fn(String name, FunctionDescriptor descriptor) {
            return Native.function(LIB, name, descriptor);
        }
    }

    public static MemorySegment openMem(CallState state, MemorySegment object, long size) {
        try {
            return (MemorySegment) Handles.OPEN_MEM.invokeExact(state.segment, object, size, MemorySegment.NULL);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** @return 0 or -errno */
    public static int load(CallState state, MemorySegment object) {
        try {
            return (int) Handles.LOAD.invokeExact(state.segment, object);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static void close(CallState state, MemorySegment object) {
        try {
            Handles.CLOSE.invokeExact(state.segment, object);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static MemorySegment findMap(CallState state, MemorySegment object, MemorySegment name) {
        try {
            return (MemorySegment) Handles.FIND_MAP.invokeExact(state.segment, object, name);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int mapFd(CallState state, MemorySegment map) {
        try {
            return (int) Handles.MAP_FD.invokeExact(state.segment, map);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int maxEntries(CallState state, MemorySegment map) {
        try {
            return (int) Handles.MAX_ENTRIES.invokeExact(state.segment, map);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The program after {@code previous} (NULL: the first), or NULL after the last. */
    public static MemorySegment nextProgram(CallState state, MemorySegment object, MemorySegment previous) {
        try {
            return (MemorySegment) Handles.NEXT_PROGRAM.invokeExact(state.segment, object, previous);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static String programName(CallState state, MemorySegment program) {
        try {
            MemorySegment name = (MemorySegment) Handles.PROGRAM_NAME.invokeExact(state.segment, program);
            return name.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** @return the link, or NULL with errno set */
    public static MemorySegment attach(CallState state, MemorySegment program) {
        try {
            return (MemorySegment) Handles.ATTACH.invokeExact(state.segment, program);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int linkFd(CallState state, MemorySegment link) {
        try {
            return (int) Handles.LINK_FD.invokeExact(state.segment, link);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int destroyLink(CallState state, MemorySegment link) {
        try {
            return (int) Handles.DESTROY_LINK.invokeExact(state.segment, link);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** @return 0 or -errno */
    public static int mapUpdate(CallState state, int mapFd, MemorySegment key, MemorySegment value, long flags) {
        try {
            return (int) Handles.UPDATE.invokeExact(state.segment, mapFd, key, value, flags);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** @return 0 or -errno (-ENOENT: no such key) */
    public static int mapLookup(CallState state, int mapFd, MemorySegment key, MemorySegment value) {
        try {
            return (int) Handles.LOOKUP.invokeExact(state.segment, mapFd, key, value);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** @return 0 or -errno (-ENOENT: {@code key} was the last, or the map is empty when key is NULL) */
    public static int mapNextKey(CallState state, int mapFd, MemorySegment key, MemorySegment next) {
        try {
            return (int) Handles.NEXT_KEY.invokeExact(state.segment, mapFd, key, next);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
