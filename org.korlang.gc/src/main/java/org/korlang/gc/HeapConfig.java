package org.korlang.gc;

/**
 * The heap's configuration (ConfigAdmin PID {@code org.korlang.gc} inside the platform).
 *
 * @param heapLimitBytes          limit for the bytes of objects in the old generation plus large objects
 *                                (cells at their size class, large objects at whole pages; the young
 *                                generation comes on top); reaching it after a full collection gives
 *                                {@link HeapExhaustedException}
 * @param nurseryBytes            eden size of the young generation (survivor spaces come on top)
 * @param survivorBytes           size of each of the two survivor spaces
 * @param tenuringThreshold       minor collections an object survives before promotion (1..15)
 * @param largeObjectBytes        objects above this size go to the large-object space
 * @param tlabBytes               size of a mutator's thread-local allocation buffer
 * @param gcThreads               threads that mark and evacuate in parallel (1 = serial)
 * @param verify                  run the heap verifier before and after every collection, and tag raw
 *                                references so that a stale one is detected
 * @param stressEvery             GC-stress: collect every N-th allocation (0 = off)
 * @param policy                  the name of the policy to use ({@code gc.policy} of a GcPolicy)
 */
public record HeapConfig(long heapLimitBytes, long nurseryBytes, long survivorBytes, int tenuringThreshold,
        long largeObjectBytes, long tlabBytes, int gcThreads, boolean verify, int stressEvery, String policy) {

    public static final String DEFAULT_POLICY = "generational";

    /**
     * Bytes of a young generation of this configuration: the nursery and both survivor spaces (what a
     * generational plan reserves, and what sizes its promotion reserve).
     *
     * @since 2.0
     */
    public long youngGenerationBytes() {
        return nurseryBytes + 2 * survivorBytes;
    }

    public HeapConfig {
        requireRange("heapLimitBytes", heapLimitBytes, 1L << 20, 1L << 40);
        requireRange("nurseryBytes", nurseryBytes, 256L << 10, 1L << 36);
        requireRange("survivorBytes", survivorBytes, 64L << 10, 1L << 36);
        requireRange("tenuringThreshold", tenuringThreshold, 1, 15);
        requireRange("largeObjectBytes", largeObjectBytes, 256, 8192);
        requireRange("tlabBytes", tlabBytes, 4L << 10, 16L << 20);
        if (tlabBytes > nurseryBytes / 4) {
            throw new IllegalArgumentException("tlabBytes (" + tlabBytes + ") must be at most a quarter of nurseryBytes ("
                    + nurseryBytes + ")");
        }
        requireRange("gcThreads", gcThreads, 1, 64);
        requireRange("stressEvery", stressEvery, 0, Integer.MAX_VALUE);
        if (policy == null || policy.isBlank()) {
            throw new IllegalArgumentException("policy must name a GcPolicy");
        }
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], not " + value);
        }
    }

    /** The defaults: 256 MiB limit, 32 MiB nursery, 4 MiB survivors, tenuring after 3, 2 GC threads. */
    public static HeapConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.heapLimitBytes = heapLimitBytes;
        b.nurseryBytes = nurseryBytes;
        b.survivorBytes = survivorBytes;
        b.tenuringThreshold = tenuringThreshold;
        b.largeObjectBytes = largeObjectBytes;
        b.tlabBytes = tlabBytes;
        b.gcThreads = gcThreads;
        b.verify = verify;
        b.stressEvery = stressEvery;
        b.policy = policy;
        return b;
    }

    /** Builds a {@link HeapConfig}; unset values take the defaults. */
    public static final class Builder {
        private long heapLimitBytes = 256L << 20;
        private long nurseryBytes = 32L << 20;
        private long survivorBytes = -1;
        private int tenuringThreshold = 3;
        private long largeObjectBytes = 8192;
        private long tlabBytes = -1;
        private int gcThreads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        private boolean verify;
        private int stressEvery;
        private String policy = DEFAULT_POLICY;

        public Builder heapLimitBytes(long v) { heapLimitBytes = v; return this; }
        public Builder nurseryBytes(long v) { nurseryBytes = v; return this; }
        /** Survivor space size; default: an eighth of the nursery. */
        public Builder survivorBytes(long v) { survivorBytes = v; return this; }
        public Builder tenuringThreshold(int v) { tenuringThreshold = v; return this; }
        public Builder largeObjectBytes(long v) { largeObjectBytes = v; return this; }
        /** TLAB size; default: min(256 KiB, nursery/16). */
        public Builder tlabBytes(long v) { tlabBytes = v; return this; }
        public Builder gcThreads(int v) { gcThreads = v; return this; }
        public Builder verify(boolean v) { verify = v; return this; }
        public Builder stressEvery(int v) { stressEvery = v; return this; }
        public Builder policy(String v) { policy = v; return this; }

        public HeapConfig build() {
            long survivor = survivorBytes > 0 ? survivorBytes : Math.max(64L << 10, nurseryBytes / 8);
            long tlab = tlabBytes > 0 ? tlabBytes : Math.max(4L << 10, Math.min(256L << 10, nurseryBytes / 16));
            return new HeapConfig(heapLimitBytes, nurseryBytes, survivor, tenuringThreshold, largeObjectBytes, tlab,
                    gcThreads, verify, stressEvery, policy);
        }
    }
}
