package dev.roar.core.hash;

import dev.roar.trace.files.FileStat;

import java.util.Map;

/** A file's digests and the exact file (stat) they were computed from. */
public record FileDigests(FileStat stat, Map<HashAlgorithm, String> digests) {
    public FileDigests {
        digests = Map.copyOf(digests);
    }

    public String blake3() {
        return digests.get(HashAlgorithm.BLAKE3);
    }
}
