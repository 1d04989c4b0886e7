package dev.roar.core.hash;

import dev.roar.trace.hash.NativeBlake3;
import org.bouncycastle.crypto.digests.Blake3Digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** The digests roar names artifacts by: BLAKE3 always, the others on request. */
public enum HashAlgorithm {
    BLAKE3, SHA256, SHA512, MD5;

    /** The lowercase name used in the store and on the command line ("blake3", "sha256"). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<HashAlgorithm> fromId(String id) {
        for (HashAlgorithm algorithm : values()) {
            if (algorithm.id().equals(id.toLowerCase(Locale.ROOT))) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** One digest computation. */
    public interface Digester {
        void update(byte[] data, int offset, int length);

        String hex();
    }

    public Digester newDigester() {
        if (this == BLAKE3) {
            Optional<NativeBlake3> fast = NativeBlake3.instance();
            if (fast.isPresent()) {
                NativeBlake3.Streaming blake3 = fast.get().streaming();
                return new Digester() {
                    public void update(byte[] data, int offset, int length) {
                        blake3.update(data, offset, length);
                    }

                    public String hex() {
                        return HexFormat.of().formatHex(blake3.digest());
                    }
                };
            }
            // A build without the native library (no BLAKE3 C sources on the build machine).
            Blake3Digest blake3 = new Blake3Digest(256);
            return new Digester() {
                public void update(byte[] data, int offset, int length) {
                    blake3.update(data, offset, length);
                }

                public String hex() {
                    byte[] out = new byte[32];
                    blake3.doFinal(out, 0);
                    return HexFormat.of().formatHex(out);
                }
            };
        }
        try {
            MessageDigest digest = MessageDigest.getInstance(switch (this) {
                case SHA256 -> "SHA-256";
                case SHA512 -> "SHA-512";
                case MD5 -> "MD5";
                case BLAKE3 -> throw new AssertionError();
            });
            return new Digester() {
                public void update(byte[] data, int offset, int length) {
                    digest.update(data, offset, length);
                }

                public String hex() {
                    return HexFormat.of().formatHex(digest.digest());
                }
            };
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has " + this, e);
        }
    }

    public String digest(byte[] data) {
        if (this == BLAKE3 && NativeBlake3.instance().isPresent()) {
            return HexFormat.of().formatHex(NativeBlake3.instance().get().digest(data, 0, data.length));
        }
        Digester digester = newDigester();
        digester.update(data, 0, data.length);
        return digester.hex();
    }
}
