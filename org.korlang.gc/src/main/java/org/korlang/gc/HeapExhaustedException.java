package org.korlang.gc;

/**
 * The heap limit is reached even after a full collection: the allocation that needed
 * {@link #requestedBytes()} cannot be satisfied. The heap stays intact; once references are
 * dropped, allocation works again.
 */
public class HeapExhaustedException extends HeapException {
    private static final long serialVersionUID = 1L;

    private final long requestedBytes;
    private final long usedBytes;
    private final long limitBytes;

    public HeapExhaustedException(long requestedBytes, long usedBytes, long limitBytes) {
        super("heap exhausted: cannot allocate " + requestedBytes + " bytes; " + usedBytes + " of " + limitBytes
                + " bytes in use after a full collection");
        this.requestedBytes = requestedBytes;
        this.usedBytes = usedBytes;
        this.limitBytes = limitBytes;
    }

    public long requestedBytes() { return requestedBytes; }

    public long usedBytes() { return usedBytes; }

    public long limitBytes() { return limitBytes; }
}
