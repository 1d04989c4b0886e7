package dev.roar.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;


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
        static final MethodHandle OPEN_MEM = Native.words(LIB, "bpf_object__open_mem", 3);
        static final MethodHandle LOAD = Native.words(LIB, "bpf_object__load", 1);
        static final MethodHandle CLOSE = Native.words(LIB, "bpf_object__close", 1);
        static final MethodHandle FIND_MAP = Native.words(LIB, "bpf_object__find_map_by_name", 2);
        static final MethodHandle MAX_ENTRIES = Native.words(LIB, "bpf_map__max_entries", 1);
        static final MethodHandle MAP_FD = Native.words(LIB, "bpf_map__fd", 1);
        static final MethodHandle NEXT_PROGRAM = Native.words(LIB, "bpf_object__next_program", 2);
        static final MethodHandle PROGRAM_NAME = Native.words(LIB, "bpf_program__name", 1);
        static final MethodHandle ATTACH = Native.words(LIB, "bpf_program__attach", 1);
        static final MethodHandle LINK_FD = Native.words(LIB, "bpf_link__fd", 1);
        static final MethodHandle DESTROY_LINK = Native.words(LIB, "bpf_link__destroy", 1);
        static final MethodHandle UPDATE = Native.words(LIB, "bpf_map_update_elem", 4);
        static final MethodHandle LOOKUP = Native.words(LIB, "bpf_map_lookup_elem", 3);
        static final MethodHandle NEXT_KEY = Native.words(LIB, "bpf_map_get_next_key", 3);
        static final MethodHandle SET_PRINT = Native.words(LIB, "libbpf_set_print", 1);

        static {
            try (CallState state = new CallState()) {
                // libbpf prints its own warnings to stderr by default; roar reports failures itself.
                MemorySegment ignored = MemorySegment.ofAddress((long) SET_PRINT.invokeExact(state.segment, 0L));
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
            return MemorySegment.ofAddress((long) Handles.OPEN_MEM.invokeExact(state.segment, Native.word(object), (long) size, 0L));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** @return 0 or -errno */
    public static int load(CallState state, MemorySegment object) {
        try {
            return (int) (long) Handles.LOAD.invokeExact(state.segment, Native.word(object));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static void close(CallState state, MemorySegment object) {
        try {
            long ignored = (long) Handles.CLOSE.invokeExact(state.segment, Native.word(object));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static MemorySegment findMap(CallState state, MemorySegment object, MemorySegment name) {
        try {
            return MemorySegment.ofAddress((long) Handles.FIND_MAP.invokeExact(state.segment, Native.word(object), Native.word(name)));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int mapFd(CallState state, MemorySegment map) {
        try {
            return (int) (long) Handles.MAP_FD.invokeExact(state.segment, Native.word(map));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int maxEntries(CallState state, MemorySegment map) {
        try {
            return (int) (long) Handles.MAX_ENTRIES.invokeExact(state.segment, Native.word(map));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The program after {@code previous} (NULL: the first), or NULL after the last. */
    public static MemorySegment nextProgram(CallState state, MemorySegment object, MemorySegment previous) {
        try {
            return MemorySegment.ofAddress((long) Handles.NEXT_PROGRAM.invokeExact(state.segment, Native.word(object), Native.word(previous)));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static String programName(CallState state, MemorySegment program) {
        try {
            MemorySegment name = MemorySegment.ofAddress((long) Handles.PROGRAM_NAME.invokeExact(state.segment, Native.word(program)));
            return name.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** @return the link, or NULL with errno set */
    public static MemorySegment attach(CallState state, MemorySegment program) {
        try {
            return MemorySegment.ofAddress((long) Handles.ATTACH.invokeExact(state.segment, Native.word(program)));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int linkFd(CallState state, MemorySegment link) {
        try {
            return (int) (long) Handles.LINK_FD.invokeExact(state.segment, Native.word(link));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int destroyLink(CallState state, MemorySegment link) {
        try {
            return (int) (long) Handles.DESTROY_LINK.invokeExact(state.segment, Native.word(link));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** @return 0 or -errno */
    public static int mapUpdate(CallState state, int mapFd, MemorySegment key, MemorySegment value, long flags) {
        try {
            return (int) (long) Handles.UPDATE.invokeExact(state.segment, (long) mapFd, Native.word(key), Native.word(value), (long) flags);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** @return 0 or -errno (-ENOENT: no such key) */
    public static int mapLookup(CallState state, int mapFd, MemorySegment key, MemorySegment value) {
        try {
            return (int) (long) Handles.LOOKUP.invokeExact(state.segment, (long) mapFd, Native.word(key), Native.word(value));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** @return 0 or -errno (-ENOENT: {@code key} was the last, or the map is empty when key is NULL) */
    public static int mapNextKey(CallState state, int mapFd, MemorySegment key, MemorySegment next) {
        try {
            return (int) (long) Handles.NEXT_KEY.invokeExact(state.segment, (long) mapFd, Native.word(key), Native.word(next));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
