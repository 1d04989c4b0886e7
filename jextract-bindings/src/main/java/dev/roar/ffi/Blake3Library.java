package dev.roar.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * roar's BLAKE3 library (roar_blake3.c around the official C implementation), loaded from a file the
 * caller names. The calls are pure computation on caller memory, bounded by the caller's input size,
 * so they are linked critical: no thread-state transition, and heap arrays may be passed directly.
 */
public final class Blake3Library {
    public static final int OUT_LEN = 32;
    public static final int CHUNK_LEN = 1024;
    private static final String SUBTREE = "roar_blake3_subtree_cv";
    private static final String PARENT = "roar_blake3_parent";

    private final SymbolLookup lookup;
    private final MethodHandle hash;
    // The tree calls link on first use (~10 ms each in a cold JVM): only inputs over one leaf need them.
    private final Map<String, MethodHandle> treeCalls = new ConcurrentHashMap<>();

    /** @throws IllegalArgumentException when the file is not a loadable library; UnsatisfiedLinkError when a symbol is missing */
    public Blake3Library(Path library) {
        lookup = SymbolLookup.libraryLookup(library, Arena.global());
        hash = link(lookup, "roar_blake3_hash", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS));
        for (String symbol : new String[] {SUBTREE, PARENT}) {
            lookup.find(symbol).orElseThrow(() -> new UnsatisfiedLinkError("no symbol " + symbol));
        }
    }

    private MethodHandle treeCall(String symbol, FunctionDescriptor descriptor) {
        return treeCalls.computeIfAbsent(symbol, s -> link(lookup, s, descriptor));
    }

    private static MethodHandle link(SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        return Native.LINKER.downcallHandle(lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("no symbol " + name)),
                descriptor, Linker.Option.critical(true));
    }

    /** The digest (tree root) of {@code length} bytes of {@code input} into {@code out} (32 bytes). */
    public void hash(MemorySegment input, long length, MemorySegment out) {
        try {
            hash.invokeExact(input, length, out);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The chaining value of a non-root subtree whose first chunk is chunk {@code chunkCounter} of the whole input. */
    public void subtreeChainingValue(MemorySegment input, long length, long chunkCounter, MemorySegment cv) {
        try {
            treeCall(SUBTREE, FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS)).invokeExact(input, length, chunkCounter, cv);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Joins two adjacent subtrees' chaining values: the parent's chaining value, or the digest when {@code root}. */
    public void parent(MemorySegment left, MemorySegment right, boolean root, MemorySegment out) {
        try {
            treeCall(PARENT, FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_INT, ADDRESS)).invokeExact(left, right, root ? 1 : 0, out);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
