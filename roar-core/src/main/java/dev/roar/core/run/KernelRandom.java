package dev.roar.core.run;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;

/**
 * Random bytes for ids, read from the kernel's /dev/urandom, which is also what {@link SecureRandom}'s default
 * (NativePRNG) reads on Linux. The first SecureRandom of a fresh JVM sets up the security providers first:
 * 30-44 ms measured here, paid inside every `roar run`'s recording, for 4 bytes of a job uid. Falls back to
 * SecureRandom where /dev/urandom cannot be read.
 */
final class KernelRandom {
    private KernelRandom() {
    }

    static byte[] bytes(int count) {
        byte[] out = new byte[count];
        try (InputStream in = new FileInputStream("/dev/urandom")) {
            if (in.readNBytes(out, 0, count) == count) {
                return out;
            }
        } catch (IOException e) {
            // no /dev/urandom (a chroot without /dev): the providers' way below
        }
        new SecureRandom().nextBytes(out);
        return out;
    }

    static int nextInt() {
        byte[] b = bytes(4);
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }
}
