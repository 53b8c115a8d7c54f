package org.nettwin.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Random streams split from one run seed by path ("node/r1/arp", "link/r1-r2/A_TO_B/loss"). Each stream's
 * seed is SHA-256(seed as 8 big-endian bytes, then the UTF-8 path), so a stream depends only on the run seed
 * and its own path: adding a node or a link never shifts the draws of any other stream.
 */
public final class RandomStreams {
    private final long seed;

    public RandomStreams(long seed) { this.seed = seed; }

    public long seed() { return seed; }

    /** A fresh stream for {@code path}; two calls with the same path yield the same sequence. */
    public RandomGenerator stream(String path) {
        return new SplittableRandom(derive(seed, path));
    }

    /** The 64-bit seed of the stream at {@code path}. */
    public static long derive(long seed, String path) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
        sha256.update(path.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(sha256.digest()).getLong();
    }
}
