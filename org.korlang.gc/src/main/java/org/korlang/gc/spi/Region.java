package org.korlang.gc.spi;

/** A page-aligned range of the heap's mapped memory handed to a plan: {@code [start, start+size)}. */
public record Region(String name, long start, long size) {

    public long end() {
        return start + size;
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address - start, size) < 0;
    }
}
