package org.korlang.gc.spi;

/**
 * A plan's view of one attached mutator: its bump-pointer allocation buffer (TLAB). The mutator
 * allocates in {@code [top, end)} without calling the plan; the plan fills and retires buffers.
 */
public interface MutatorView {

    /** A small number unique among attached mutators. */
    int id();

    long bufferTop();

    long bufferEnd();

    /** Installs a buffer {@code [top, end)} inside one of the plan's regions (zeroed). */
    void setBuffer(long top, long end);

    /** Per-mutator data of the plan (null until set). */
    Object planData();

    void planData(Object data);
}
