package org.korlang.sync;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.korlang.os.Os;
import org.korlang.os.Prot;

/*
 * The native memory behind every futex word: slabs mapped with Os.mmapAnonymous and cut into
 * 64-byte lines (see Line), one line per primitive.
 *
 * Lifetime. A line belongs to the primitive that allocated it until that primitive becomes
 * unreachable; then FutexSync's Cleaner calls free(), which zeroes the line and returns it to
 * its slab. A thread waiting in the kernel on a word keeps the primitive reachable (the wait
 * paths end with Reference.reachabilityFence), so a line is never reused while anyone can
 * still wait on or wake it. A slab is unmapped only when none of its lines is in use — never
 * earlier, whatever happens to the arena — so no buffer a primitive holds can ever point into
 * unmapped memory: the JVM cannot fault on a futex word. One empty slab is kept mapped while
 * the arena is open (allocation churn would otherwise map and unmap a slab repeatedly); after
 * close() every slab is unmapped as soon as it empties, through the Os it was mapped with.
 *
 * Ports: the Os may be a handle over ports that come and go (org.korlang.os.binding.PortHandle, as
 * the Sync component's is). The slabs stay valid across a re-bind: the kernel mapped them for the
 * process, and the direct buffers over them (Os.memory) hold a lease in the mapping registry of the
 * port that made them, which the Linux port's instances share and which no port leaving clears; a
 * slab is unmapped through whichever port serves when it empties. No system call is made before the
 * first slab is needed (the page size is learnt then), so an arena can be built while no port
 * serves, e.g. during a component's activation.
 *
 * Concurrency: allocate and free take this object's monitor; they are not on any hot path
 * (creating a primitive, and the Cleaner thread).
 *
 * This class holds no reference to the Cleaner, so that the Cleaner's thread can end once the
 * FutexSync that owns it and every primitive are gone.
 */
final class FutexArena {
    /** Default slab size: 64 KiB = 1024 lines. */
    static final int DEFAULT_SLAB_BYTES = 64 * 1024;

    private final Os os;
    /** The requested slab size; rounded up to whole pages at the first mapping. */
    private final int requestedSlabBytes;
    private int slabBytes;
    /** Every mapped slab. */
    private final List<Slab> slabs = new ArrayList<>();
    /** The slab new lines come from, or null when the last one filled up. */
    private Slab current;
    private boolean closed;
    private long liveLines;

    FutexArena(Os os, int slabBytes) {
        if (os == null) {
            throw new NullPointerException("os");
        }
        if (slabBytes < Line.BYTES || slabBytes % Line.BYTES != 0) {
            throw new IllegalArgumentException("slab size " + slabBytes + " is not a positive multiple of " + Line.BYTES);
        }
        this.os = os;
        this.requestedSlabBytes = slabBytes;
    }

    /** Takes a zeroed line. */
    synchronized Line allocate() {
        if (closed) {
            throw new IllegalStateException("the Sync that owns this arena is closed");
        }
        if (current == null || current.isFull()) {
            current = null;
            for (Slab s : slabs) {
                if (!s.isFull()) {
                    current = s;
                    break;
                }
            }
            if (current == null) {
                current = map();
            }
        }
        liveLines++;
        return new Line(current, current.take());
    }

    /** Returns a line (called once per line, by the Cleaner). */
    synchronized void free(Slab slab, int index) {
        slab.give(index);
        liveLines--;
        if (slab.isEmpty() && (closed || hasOtherRoom(slab))) {
            unmap(slab);
        }
    }

    /** No more allocation; slabs are unmapped as they empty. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Slab s : new ArrayList<>(slabs)) {
            if (s.isEmpty()) {
                unmap(s);
            }
        }
    }

    synchronized long liveLines() { return liveLines; }

    synchronized int mappedSlabs() { return slabs.size(); }

    synchronized boolean isClosed() { return closed; }

    private boolean hasOtherRoom(Slab empty) {
        for (Slab s : slabs) {
            if (s != empty && !s.isFull()) {
                return true;
            }
        }
        return false;
    }

    private Slab map() {
        if (slabBytes == 0) {
            int page = os.pageSize();
            // whole pages, so that munmap can return exactly what mmap gave
            slabBytes = (int) Math.max(page, ((long) requestedSlabBytes + page - 1) / page * page);
        }
        long address = os.mmapAnonymous(slabBytes, EnumSet.of(Prot.READ, Prot.WRITE));
        ByteBuffer buffer;
        try {
            buffer = os.memory(address, slabBytes);
        } catch (RuntimeException e) {
            os.munmap(address, slabBytes);
            throw e;
        }
        Slab slab = new Slab(address, slabBytes, buffer);
        slabs.add(slab);
        return slab;
    }

    private void unmap(Slab slab) {
        slabs.remove(slab);
        if (current == slab) {
            current = null;
        }
        try {
            os.munmap(slab.address, slab.bytes);
        } catch (RuntimeException e) {
            // The Os may be gone (its bundle stopped): the pages stay mapped until the process
            // ends. Nothing can reach them any more, so this is a leak, never a fault.
        }
    }
}
