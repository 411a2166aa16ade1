package org.korlang.gc.spi.space;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

import org.korlang.gc.internal.core.Arena;
import org.korlang.gc.internal.core.ObjectStarts;
import org.korlang.gc.spi.HeapChecker;
import org.korlang.gc.spi.HeapMemory;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.ObjectModel;
import org.korlang.gc.spi.Region;

/**
 * A non-moving mark-sweep space of size-class free lists (the old generation).
 *
 * <h2>Layout</h2>
 * The region is cut into 64 KiB blocks; a block in use holds cells of one size class
 * ({@link SizeClasses}). A cell is either an object (its header starts the cell) or free (header
 * type {@code FREE_CELL}, word 1 = next free cell of the same block). Because a block has one cell
 * size, any address maps to its cell start by arithmetic — no side table of object starts — and the
 * space is parseable cell by cell.
 *
 * <h2>Metadata</h2>
 * Per block, in Java arrays: size class ({@code -1} = free block), free-list head and free count.
 * Blocks with free cells wait in a per-class stack; empty blocks in a free-block stack. An
 * {@link Allocator} takes a block exclusively from those stacks (under this space's lock) and pops
 * cells from it without locking, writing the block's metadata directly so that the space is always
 * consistent; so each GC thread (and the mutators' shared allocator) allocates in parallel. A fresh
 * block is not formatted when taken: its allocator bump-allocates and formats only the unused tail
 * when it gives the block back.
 *
 * <h2>Sweep</h2>
 * After marking (header MARK bit), {@link #sweep} walks the cells of each block: marked ones are
 * unmarked, unmarked ones become free cells; GC threads sweep disjoint block ranges. Then
 * {@link #finishSweep} rebuilds the stacks and returns wholly free blocks to the free stack;
 * {@link #decommitFreed} gives their pages back to the OS ({@code madvise DONTNEED}, coalesced runs)
 * beyond the headroom the heap is about to reuse — only blocks that are still free: a generational
 * full collection promotes into freed blocks between the sweep and the decommit.
 *
 * <h2>Object starts</h2>
 * The sweep forgets the start of every cell it frees. Over the heap's own memory (what
 * {@link org.korlang.gc.spi.HeapContext#memory()} returns) it clears the bit in the heap's
 * object-start map directly with a plain store: a map word covers 512 bytes of one 64 KiB block, and
 * only the thread sweeping that block touches it. Over any other {@link HeapMemory} it goes through
 * {@link HeapMemory#clearObjectStarts}. Allocation records nothing: the heap records what mutators
 * allocate, a plan what its collector copies in.
 */
public final class SegregatedSpace {

    public static final int BLOCK_SHIFT = 16;
    public static final long BLOCK = 1L << BLOCK_SHIFT;

    private final HeapMemory memory;
    private final ObjectStarts starts;
    private final Region region;
    private final long start;
    private final int blocks;
    private final byte[] blockClass;
    private final long[] freeHead;
    private final int[] freeCount;
    private final int[][] partial = new int[SizeClasses.COUNT][];
    private final int[] partialCount = new int[SizeClasses.COUNT];
    private final int[] freeBlocks;
    private int freeBlockCount;
    /**
     * Blocks the last sweep freed whose pages may still be committed, until {@link #decommitFreed}
     * returns them or an allocator takes the block again (a generational full collection promotes
     * into freed blocks before it decommits: such a block holds live cells and must stay).
     */
    private final boolean[] wasInUse;
    /** A fresh block an allocator bump-allocates in; its unused tail is not formatted yet. */
    private final boolean[] unformatted;
    private int blocksInUse;
    private long usedBytes;
    private final AtomicInteger sweepCursor = new AtomicInteger();

    /**
     * A space over {@code region} (reserved from {@code memory}; its blocks start at the first
     * 64 KiB boundary in it).
     */
    public SegregatedSpace(HeapMemory memory, Region region) {
        this.memory = memory;
        // the heap's own memory: the sweep clears object starts through the map directly
        this.starts = memory instanceof Arena arena ? arena.starts() : null;
        this.region = region;
        this.start = (region.start() + BLOCK - 1) & ~(BLOCK - 1);
        this.blocks = (int) ((region.end() - start) >>> BLOCK_SHIFT);
        this.blockClass = new byte[blocks];
        Arrays.fill(blockClass, (byte) -1);
        this.freeHead = new long[blocks];
        this.freeCount = new int[blocks];
        this.wasInUse = new boolean[blocks];
        this.unformatted = new boolean[blocks];
        this.freeBlocks = new int[blocks];
        for (int b = blocks - 1; b >= 0; b--) {
            freeBlocks[freeBlockCount++] = b;
        }
        for (int c = 0; c < SizeClasses.COUNT; c++) {
            partial[c] = new int[16];
        }
    }

    public Region region() {
        return region;
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address - start, (long) blocks << BLOCK_SHIFT) < 0;
    }

    public synchronized long usedBytes() {
        return usedBytes;
    }

    /** Bytes of blocks in use: the space's real footprint. */
    public synchronized long committedBytes() {
        return (long) blocksInUse << BLOCK_SHIFT;
    }

    public synchronized long freeBlockBytes() {
        return (long) freeBlockCount << BLOCK_SHIFT;
    }

    public int blockCount() {
        return blocks;
    }

    // ------------------------------------------------------------------------------ allocation

    /**
     * A thread's allocation state: the block it owns per size class. Not thread-safe. In a fresh
     * block it bump-allocates (no free list to build or follow); {@link #release} formats the
     * unused tail, so blocks not owned by an allocator are always fully formatted.
     */
    public final class Allocator {
        private final int[] current = new int[SizeClasses.COUNT];
        private final long[] bump = new long[SizeClasses.COUNT];
        private final long[] bumpEnd = new long[SizeClasses.COUNT];
        private long allocated;

        Allocator() {
            Arrays.fill(current, -1);
        }

        /** A cell for {@code bytes} (at most {@link SizeClasses#MAX}), or 0 if the space is full. Not zeroed. */
        public long allocate(long bytes) {
            int c = SizeClasses.classOf(bytes);
            int b = current[c];
            if (b < 0 || freeCount[b] == 0) {
                b = acquire(c);
                current[c] = b;
                if (b < 0) {
                    return 0;
                }
                if (unformatted[b]) {
                    long blockStart = start + ((long) b << BLOCK_SHIFT);
                    bump[c] = blockStart;
                    bumpEnd[c] = blockStart + (long) freeCount[b] * SizeClasses.size(c);
                } else {
                    bump[c] = 0;
                }
            }
            int cs = SizeClasses.size(c);
            long cell = bump[c];
            if (cell != 0) {
                long next = cell + cs;
                bump[c] = next < bumpEnd[c] ? next : 0;
                if (next >= bumpEnd[c]) {
                    unformatted[b] = false; // every cell handed out
                }
            } else {
                cell = freeHead[b];
                freeHead[b] = memory.getLong(cell + 8);
            }
            freeCount[b]--;
            allocated += cs;
            return cell;
        }

        /** Gives back the cell just returned by {@link #allocate} (a lost evacuation race). */
        public void undo(long cell, long bytes) {
            int c = SizeClasses.classOf(bytes);
            int b = current[c];
            int cs = SizeClasses.size(c);
            if (unformatted[b] && (bump[c] == cell + cs || (bump[c] == 0 && cell + cs == bumpEnd[c]))) {
                bump[c] = cell;
            } else {
                memory.putLong(cell, ObjectHeader.make(ObjectHeader.TYPE_FREE_CELL));
                memory.putLong(cell + 8, freeHead[b]);
                freeHead[b] = cell;
            }
            freeCount[b]++;
            allocated -= cs;
        }

        /** Cell bytes handed out since the last {@link #release} (not yet in {@link #usedBytes()}). */
        public long unreleasedBytes() {
            return allocated;
        }

        /** Returns the owned blocks and accounts the bytes allocated. */
        public void release() {
            synchronized (SegregatedSpace.this) {
                for (int c = 0; c < current.length; c++) {
                    int b = current[c];
                    if (b >= 0) {
                        if (unformatted[b]) {
                            formatTail(b, c, bump[c], bumpEnd[c]);
                        }
                        if (freeCount[b] > 0) {
                            pushPartial(c, b);
                        }
                    }
                    current[c] = -1;
                    bump[c] = 0;
                }
                usedBytes += allocated;
                allocated = 0;
            }
        }
    }

    /** Formats the unused tail {@code [from, end)} of a fresh block as its free list. */
    private void formatTail(int b, int c, long from, long end) {
        int cs = SizeClasses.size(c);
        long next = freeHead[b];
        if (from != 0) {
            for (long cell = end - cs; cell >= from; cell -= cs) {
                memory.putLong(cell, ObjectHeader.make(ObjectHeader.TYPE_FREE_CELL));
                memory.putLong(cell + 8, next);
                next = cell;
            }
        }
        freeHead[b] = next;
        unformatted[b] = false;
    }

    public Allocator newAllocator() {
        return new Allocator();
    }

    private synchronized int acquire(int c) {
        if (partialCount[c] > 0) {
            return partial[c][--partialCount[c]];
        }
        if (freeBlockCount == 0) {
            return -1;
        }
        int b = freeBlocks[--freeBlockCount];
        wasInUse[b] = false; // in use again: decommitFreed must leave it alone
        blockClass[b] = (byte) c;
        freeHead[b] = 0;
        freeCount[b] = (int) (BLOCK / SizeClasses.size(c));
        unformatted[b] = true;
        blocksInUse++;
        return b;
    }

    private void pushPartial(int c, int b) {
        if (partialCount[c] == partial[c].length) {
            partial[c] = Arrays.copyOf(partial[c], partialCount[c] * 2);
        }
        partial[c][partialCount[c]++] = b;
    }

    // ------------------------------------------------------------------------------ sweeping

    /** Prepares a sweep by GC threads; every allocator must have been released. */
    public void startSweep() {
        sweepCursor.set(0);
    }

    /**
     * Sweeps block ranges until none is left (called by each GC thread). Returns live cell bytes of
     * the blocks this caller swept.
     */
    public long sweep() {
        long live = 0;
        while (true) {
            int from = sweepCursor.getAndAdd(64);
            if (from >= blocks) {
                return live;
            }
            int to = Math.min(blocks, from + 64);
            for (int b = from; b < to; b++) {
                if (blockClass[b] >= 0) {
                    live += sweepBlock(b);
                }
            }
        }
    }

    /** Sweeps one block; the calling GC thread owns it (and so its object-start map words) alone. */
    private long sweepBlock(int b) {
        int cs = SizeClasses.size(blockClass[b]);
        long blockStart = start + ((long) b << BLOCK_SHIFT);
        int cells = (int) (BLOCK / cs);
        long head = 0;
        int free = 0;
        long freeHeader = ObjectHeader.make(ObjectHeader.TYPE_FREE_CELL);
        for (int i = cells - 1; i >= 0; i--) {
            long cell = blockStart + (long) i * cs;
            long h = memory.getLong(cell);
            if (ObjectHeader.typeId(h) != ObjectHeader.TYPE_FREE_CELL && (h & ObjectHeader.MARKED) != 0) {
                memory.putLong(cell, h & ~ObjectHeader.MARKED);
                continue;
            }
            if (ObjectHeader.typeId(h) != ObjectHeader.TYPE_FREE_CELL) {
                memory.putLong(cell, freeHeader);
                if (starts != null) {
                    starts.clearOwned(cell); // blocks are 64 KiB-aligned: this map word is in our block only
                } else {
                    memory.clearObjectStarts(cell, 8);
                }
            }
            memory.putLong(cell + 8, head);
            head = cell;
            free++;
        }
        freeHead[b] = head;
        freeCount[b] = free;
        return (long) (cells - free) * cs;
    }

    /**
     * Returns the pages of the blocks freed by the last sweep to the OS, one madvise per run of
     * blocks, except for the lowest {@code keepBytes} worth, which the heap is about to reuse (the
     * headroom under its budget) and would only fault in again.
     */
    public synchronized long decommitFreed(long keepBytes) {
        long keep = Math.max(0, keepBytes) >>> BLOCK_SHIFT;
        long released = 0;
        int b = 0;
        while (b < blocks) {
            if (!freedAndIdle(b) || keep > 0) {
                if (freedAndIdle(b)) {
                    keep--;
                }
                b++;
                continue;
            }
            int e = b;
            while (e < blocks && freedAndIdle(e)) {
                e++;
            }
            memory.decommit(start + ((long) b << BLOCK_SHIFT), (long) (e - b) << BLOCK_SHIFT);
            released += (long) (e - b) << BLOCK_SHIFT;
            b = e;
        }
        return released;
    }

    /** Whether block {@code b} was freed by the last sweep and has not been taken again since. */
    private boolean freedAndIdle(int b) {
        return wasInUse[b] && blockClass[b] < 0;
    }

    /** Rebuilds the block stacks after all threads swept; {@code liveBytes} is the sum they returned. */
    public synchronized void finishSweep(long liveBytes) {
        Arrays.fill(partialCount, 0);
        for (int b = 0; b < blocks; b++) {
            wasInUse[b] = false;
            int c = blockClass[b];
            if (c < 0) {
                continue;
            }
            int cells = (int) (BLOCK / SizeClasses.size(c));
            if (freeCount[b] == cells) {
                blockClass[b] = -1;
                freeBlocks[freeBlockCount++] = b;
                blocksInUse--;
                wasInUse[b] = true;
            } else if (freeCount[b] > 0) {
                pushPartial(c, b);
            }
        }
        // keep low blocks first so the heap stays compact
        Arrays.sort(freeBlocks, 0, freeBlockCount);
        for (int i = 0, j = freeBlockCount - 1; i < j; i++, j--) {
            int t = freeBlocks[i];
            freeBlocks[i] = freeBlocks[j];
            freeBlocks[j] = t;
        }
        usedBytes = liveBytes;
    }

    // ------------------------------------------------------------------------------ walking

    /** Visits every object (free cells skipped). */
    public void forEachObject(LongConsumer visitor) {
        for (int b = 0; b < blocks; b++) {
            int c = blockClass[b];
            if (c < 0) {
                continue;
            }
            int cs = SizeClasses.size(c);
            long blockStart = start + ((long) b << BLOCK_SHIFT);
            int cells = (int) (BLOCK / cs);
            for (int i = 0; i < cells; i++) {
                long cell = blockStart + (long) i * cs;
                if (ObjectHeader.typeId(memory.getLong(cell)) != ObjectHeader.TYPE_FREE_CELL) {
                    visitor.accept(cell);
                }
            }
        }
    }

    /** Checks the block metadata against the cells and the free lists. */
    public synchronized void verify(ObjectModel model, HeapChecker checker) {
        long used = 0;
        int inUse = 0;
        boolean[] listed = new boolean[blocks];
        for (int i = 0; i < freeBlockCount; i++) {
            int b = freeBlocks[i];
            checker.check(blockClass[b] < 0, "old space: free-block stack holds block " + b + " which is in use");
            checker.check(!listed[b], "old space: block " + b + " is twice in the free-block stack");
            listed[b] = true;
        }
        for (int c = 0; c < SizeClasses.COUNT; c++) {
            for (int i = 0; i < partialCount[c]; i++) {
                int b = partial[c][i];
                checker.check(blockClass[b] == c, "old space: block " + b + " in class " + c + " stack has class "
                        + blockClass[b]);
                checker.check(freeCount[b] > 0, "old space: full block " + b + " in a partial stack");
            }
        }
        for (int b = 0; b < blocks; b++) {
            int c = blockClass[b];
            if (c < 0) {
                checker.check(listed[b], "old space: free block " + b + " is in no stack (leaked)");
                continue;
            }
            inUse++;
            int cs = SizeClasses.size(c);
            long blockStart = start + ((long) b << BLOCK_SHIFT);
            int cells = (int) (BLOCK / cs);
            int freeCells = 0;
            for (int i = 0; i < cells; i++) {
                long cell = blockStart + (long) i * cs;
                long h = memory.getLong(cell);
                int t = ObjectHeader.typeId(h);
                if (t == ObjectHeader.TYPE_FREE_CELL) {
                    freeCells++;
                    continue;
                }
                used += cs;
                int kind = model.scanKind(t);
                if (kind == ObjectModel.INVALID || kind == ObjectModel.GAP) {
                    checker.fail(String.format("old space: cell 0x%x holds %s", cell, model.typeName(t)));
                } else if (model.sizeOf(cell, h) > cs) {
                    checker.fail(String.format("old space: object 0x%x (%d bytes) overflows its %d-byte cell", cell,
                            model.sizeOf(cell, h), cs));
                }
            }
            int n = 0;
            long p = freeHead[b];
            while (p != 0 && n <= cells) {
                boolean inBlock = p >= blockStart && p < blockStart + BLOCK && (p - blockStart) % cs == 0;
                if (!inBlock || ObjectHeader.typeId(memory.getLong(p)) != ObjectHeader.TYPE_FREE_CELL) {
                    checker.fail(String.format("old space: free list of block %d reaches 0x%x, not a free cell of it", b, p));
                    break;
                }
                n++;
                p = memory.getLong(p + 8);
            }
            checker.check(n == freeCount[b], "old space: block " + b + " free list has " + n + " cells, count says "
                    + freeCount[b]);
            checker.check(freeCells == freeCount[b], "old space: block " + b + " has " + freeCells
                    + " free cells, count says " + freeCount[b]);
        }
        checker.check(inUse == blocksInUse, "old space: " + inUse + " blocks in use, counter says " + blocksInUse);
        checker.check(used == usedBytes, "old space: cells in use hold " + used + " bytes, counter says " + usedBytes);
    }
}
