package org.korlang.os.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/*
 * The set of address ranges that an OS port mapped, and the gate every use of them passes.
 *
 * Why: Os promises that the kernel never writes through, unmaps, reprotects or advises memory that
 * the port did not map itself — the JVM's heap, code cache and stacks live in the same address
 * space, and one munmap or MADV_DONTNEED on them would crash or silently corrupt the JVM.
 *
 * Representation: a TreeMap start → end (exclusive) of disjoint ranges, one entry per mmap (ranges
 * are not merged, so "inside one mapping" — what memory() requires — stays answerable). A partial
 * munmap splits an entry in two; a MAP_FIXED mmap over our own range replaces the covered part by
 * an entry of its own. "Covered" means covered by the union of entries, with no gap.
 *
 * Tombstones: the registry also remembers what it unmapped (merged ranges), until the kernel hands
 * the same addresses out to us again. A direct buffer over a tombstone is a stale view from
 * memory(): the port refuses it (IllegalArgumentException) instead of letting the kernel or a Java
 * copy touch memory that is gone or, worse, now belongs to the JVM.
 *
 * Concurrency: one ReentrantLock guards the map. The operations that change what is mapped —
 * munmap, MAP_FIXED mmap — and those that must not act on memory which stops being ours between
 * the check and the kernel call — mprotect, madvise — run their system call while holding the lock,
 * so "check, then call" is atomic with respect to every other munmap. These calls do not block in
 * the kernel. A call during which the kernel *writes* into our memory and may block for long (read
 * from a pipe, getrandom) instead takes a pin on its range: munmap of a range that overlaps a pin
 * waits (lock released while waiting) until the pin is released, so the kernel never writes into
 * memory that was unmapped and perhaps handed to someone else meanwhile. Futex waits take no pin:
 * the kernel only reads the word, and a word unmapped during a wait makes it fail with EFAULT.
 */

/** A thread-safe set of the address ranges an OS port has mapped. */
public final class MappingRegistry {

    /** A held claim on a range; close it when the kernel is done with the memory. */
    public interface Pin extends AutoCloseable {
        @Override
        void close();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition pinReleased = lock.newCondition();
    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private final TreeMap<Long, Long> unmapped = new TreeMap<>(); // tombstones, merged
    private final List<long[]> pins = new ArrayList<>();

    /** Whether {@code [start, end)} is covered, without gaps, by ranges in this registry. */
    public boolean covers(long start, long end) {
        lock.lock();
        try {
            return coveredLocked(start, end);
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code [start, end)} lies inside one single recorded mapping. */
    public boolean withinOne(long start, long end) {
        lock.lock();
        try {
            Map.Entry<Long, Long> e = ranges.floorEntry(start);
            return start < end && e != null && e.getValue() >= end;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code [start, end)} overlaps memory this registry unmapped and has not mapped again. */
    public boolean overlapsUnmapped(long start, long end) {
        lock.lock();
        try {
            Map.Entry<Long, Long> e = unmapped.lowerEntry(end);
            return start < end && e != null && e.getValue() > start;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records a new mapping that the kernel just made. The kernel is the authority: a range it hands
     * out afresh cannot still be one of ours, so recorded entries it overlaps (which could only be
     * stale, e.g. memory someone else unmapped behind this port's back) are dropped.
     */
    public void add(long start, long end) {
        lock.lock();
        try {
            if (start >= end) {
                throw new IllegalArgumentException("empty range");
            }
            cut(ranges, start, end);
            ranges.put(start, end);
            cut(unmapped, start, end);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code kernel} (munmap) on a covered range once no pin overlaps it, then forgets the
     * range (splitting partially covered entries). If the kernel call throws, nothing is forgotten.
     */
    public void unmap(long start, long end, String what, Runnable kernel) {
        lock.lock();
        try {
            while (true) {
                requireCovered(start, end, what);
                if (!pinnedLocked(start, end)) {
                    break;
                }
                pinReleased.awaitUninterruptibly();
            }
            kernel.run();
            cut(ranges, start, end);
            bury(start, end);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code kernel} (MAP_FIXED mmap) on a covered range, then records the range as a mapping of its own. */
    public long remap(long start, long end, String what, LongSupplier kernel) {
        lock.lock();
        try {
            requireCovered(start, end, what);
            long result = kernel.getAsLong();
            cut(ranges, start, end);
            ranges.put(start, end);
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code kernel} (mprotect, madvise) while {@code [start, end)} is guaranteed to stay mapped. */
    public long onCovered(long start, long end, String what, LongSupplier kernel) {
        lock.lock();
        try {
            requireCovered(start, end, what);
            return kernel.getAsLong();
        } finally {
            lock.unlock();
        }
    }

    /** Pins a covered range so that it cannot be unmapped until the pin is closed. */
    public Pin pin(long start, long end, String what) {
        Pin pin = tryPin(start, end);
        if (pin == null) {
            throw new IllegalArgumentException(what + ": " + hex(start, end) + " is not inside memory mapped by this Os");
        }
        return pin;
    }

    /** Pins {@code [start, end)} if it is covered; returns null (and pins nothing) if it is not. */
    public Pin tryPin(long start, long end) {
        long[] range = {start, end};
        lock.lock();
        try {
            if (!coveredLocked(start, end)) {
                return null;
            }
            pins.add(range);
        } finally {
            lock.unlock();
        }
        return () -> {
            lock.lock();
            try {
                if (pins.remove(range)) {
                    pinReleased.signalAll();
                }
            } finally {
                lock.unlock();
            }
        };
    }

    /** A copy of the recorded ranges, {start, end} pairs in address order. */
    public List<long[]> ranges() {
        lock.lock();
        try {
            List<long[]> copy = new ArrayList<>(ranges.size());
            ranges.forEach((s, e) -> copy.add(new long[] {s, e}));
            return copy;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void requireCovered(long start, long end, String what) {
        if (!coveredLocked(start, end)) {
            throw new IllegalArgumentException(what + ": " + hex(start, end) + " is not inside memory mapped by this Os");
        }
    }

    private boolean coveredLocked(long start, long end) {
        if (start >= end) {
            return false;
        }
        Map.Entry<Long, Long> e = ranges.floorEntry(start);
        if (e == null || e.getValue() <= start) {
            return false;
        }
        long reached = e.getValue();
        while (reached < end) {
            Long next = ranges.get(reached); // the next entry must start exactly where this one ends
            if (next == null) {
                return false;
            }
            reached = next;
        }
        return true;
    }

    private boolean pinnedLocked(long start, long end) {
        for (long[] pin : pins) {
            if (pin[0] < end && start < pin[1]) {
                return true;
            }
        }
        return false;
    }

    /** Removes {@code [start, end)} from a set of disjoint ranges, splitting entries it cuts through. */
    private static void cut(TreeMap<Long, Long> set, long start, long end) {
        Map.Entry<Long, Long> e = set.floorEntry(start);
        if (e == null || e.getValue() <= start) {
            e = set.ceilingEntry(start);
        }
        while (e != null && e.getKey() < end) {
            long s = e.getKey();
            long t = e.getValue();
            set.remove(s);
            if (s < start) {
                set.put(s, start);
            }
            if (t > end) {
                set.put(end, t);
            }
            e = set.ceilingEntry(t); // entries are disjoint: the next one starts at or after t
        }
    }

    /** Adds a tombstone, merged with touching or overlapping ones. */
    private void bury(long start, long end) {
        Map.Entry<Long, Long> below = unmapped.floorEntry(start);
        if (below != null && below.getValue() >= start) {
            start = below.getKey();
            end = Math.max(end, below.getValue());
        }
        cut(unmapped, start, end);
        Long after = unmapped.get(end);
        if (after != null) {
            unmapped.remove(end);
            end = after;
        }
        unmapped.put(start, end);
    }

    static String hex(long start, long end) {
        return "[0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end) + ")";
    }
}
