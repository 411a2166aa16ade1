package org.korlang.os.mappings;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/*
 * The set of address ranges that the process's OS ports mapped, with their current protection, and
 * the gate every use of them passes.
 *
 * Ownership: one registry per process, owned by the bundle org.korlang.os.mappings (its component
 * ProcessMappings registers it as the MappingRegistry service) and shared by every OS port that
 * binds it — every revision of org.korlang.os.linux (an update makes a new revision with its own
 * classes), org.korlang.os.macos, a second Linux port bundle, and every instance of their Os
 * components (one per Arch swap). So a range mapped through one port object is still "ours" for
 * the next: futex words sync mapped before an update of the Linux port are accepted after it, a
 * hold the managed heap took through the old port still refuses an munmap through the new one, and
 * memory mapped through one instance can be unmapped through another. "This Os" in the messages
 * below means: the ports that share this registry. Outside OSGi (the fast launcher, the unit tests,
 * the benchmarks) whoever builds a port builds its registry with the public constructor.
 * A registry holds no port: what it calls on the kernel's behalf comes with each call (Runnable /
 * LongSupplier), except the deferred munmap of an inert range (below), which runs through the port
 * that unmapped it; if that port is gone by then the failure is swallowed and the inert pages stay
 * mapped until the process ends (address space lost, never a fault).
 *
 * Why: Os promises that the kernel never writes through, unmaps, reprotects or advises memory that
 * the port did not map itself — the JVM's heap, code cache and stacks live in the same address
 * space, and one munmap or MADV_DONTNEED on them would crash or silently corrupt the JVM — and that
 * no direct buffer it hands out (memory()) faults: a view is read-only unless the range is
 * writable, is refused unless it is readable, and keeps that access until it is garbage-collected.
 *
 * Representation: a TreeMap start → Range(end exclusive, access bits READ/WRITE) of disjoint
 * ranges, one entry per mmap (ranges are not merged, so "inside one mapping" — what memory()
 * requires — stays answerable). A partial munmap or mprotect splits an entry; a MAP_FIXED mmap over
 * our own range replaces the covered part by an entry of its own. "Covered" means covered by the
 * union of entries, with no gap.
 *
 * Stale views: a buffer memory() returned over a range that was unmapped since. It can only exist
 * while that range is inert (see view leases below): the range stays mapped, inert, until the last
 * view over it is collected, so no one else can be handed those addresses meanwhile. A direct buffer
 * overlapping an inert range is therefore a stale view (or derived from one), and the port refuses
 * it (IllegalArgumentException) instead of letting the kernel or a Java copy touch memory that is
 * gone. Once the inert range is really unmapped no view of it is left, so nothing is remembered:
 * the kernel may hand those addresses to malloc, and a direct buffer the JVM allocates there is
 * not ours to refuse. (An earlier design remembered every unmapped range, and refused such live
 * buffers once malloc reused the addresses.)
 *
 * Leases: a claim that a range stays mapped with some access. Two kinds:
 *   - a view lease, one per buffer memory() returned, released by a Cleaner when the buffer (and
 *     every buffer derived from it, which reference it) becomes unreachable: the buffer cannot be
 *     revoked, so while it lives the range keeps the access the buffer uses (READ, plus WRITE for a
 *     writable buffer). An mprotect or MAP_FIXED mmap that would take that access away waits for
 *     such views to be collected — a view used once and dropped is common (memory(a, 8).getLong(0)):
 *     like java.nio.Bits.reserveMemory, it asks for a GC once and waits, on a condition the lease
 *     releases signal, up to VIEW_WAIT_NANOS — and is refused (IllegalStateException) if a view is
 *     still reachable then. A munmap is honoured for the API — the range is forgotten and
 *     becomes inert at once — but the kernel mapping is replaced by a fresh, inert anonymous one
 *     (MAP_FIXED, read-write, MAP_NORESERVE: its pages go back, a stale view reads zeros and writes
 *     into nothing that matters) and really unmapped when the last view over it is collected; the
 *     kernel cannot hand those addresses to anyone meanwhile.
 *   - a hold (Os.hold), for a client that accesses the range by raw address itself (the managed
 *     heap): munmap, mprotect taking away a held access, MAP_FIXED, and destructive advice
 *     (DONTNEED, FREE) over it are refused (IllegalStateException), except destructive advice made
 *     through the hold itself; so are a view of it (no one else writes into it behind its holder's
 *     back; a hold waits for views taken before it to be collected, as mprotect does) and a second
 *     hold overlapping it (its holder must be able to unmap it once it closes the hold); closing the
 *     hold ends the claim.
 *
 * Concurrency: one ReentrantLock guards the maps and leases. The operations that change what is
 * mapped or its access — munmap, MAP_FIXED mmap, mprotect — and those that must not act on memory
 * which stops being ours between the check and the kernel call — madvise, reading a futex word —
 * run their system call while holding the lock, so "check, then call" is atomic with respect to
 * every other change. These calls do not block in the kernel. A call during which the kernel
 * *writes* into our memory and may block for long (read from a pipe, getrandom) instead takes a pin
 * on its range: munmap of a range that overlaps a pin waits (lock released while waiting) until the
 * pin is released, so the kernel never writes into memory that was unmapped and perhaps handed to
 * someone else meanwhile. Futex waits take no pin: the kernel only reads the word, and a word
 * unmapped during a wait makes it fail with EFAULT.
 */

/**
 * A thread-safe set of the address ranges the OS ports sharing it have mapped, with their protection
 * and leases. In OSGi there is one per process, the {@code MappingRegistry} service of
 * org.korlang.os.mappings; outside OSGi whoever builds an Os port builds one.
 */
public final class MappingRegistry {

    /** The service property that names the registry a MappingRegistry service is. */
    public static final String SCOPE_PROPERTY = "mappings.scope";
    /** The target filter of the process's one registry (org.korlang.os.mappings registers it): what an OS port binds. */
    public static final String PROCESS_TARGET = "(" + SCOPE_PROPERTY + "=process)";

    /** Access bit: the range may be read. */
    public static final int READ = 1;
    /** Access bit: the range may be written. */
    public static final int WRITE = 2;

    /** A held claim on a range; close it when the kernel is done with the memory. */
    public interface Pin extends AutoCloseable {
        @Override
        void close();
    }

    /** A claim that a range stays mapped with some access (a hold, or a view's lease). */
    public final class Lease implements AutoCloseable {
        final long start;
        final long end;
        final int access;
        final boolean view;
        private boolean open = true;

        private Lease(long start, long end, int access, boolean view) {
            this.start = start;
            this.end = end;
            this.access = access;
            this.view = view;
        }

        /** The access the leased range keeps: {@link #READ}, plus {@link #WRITE} if writable. */
        public int access() {
            return access;
        }

        /** Ends the claim (idempotent). */
        @Override
        public void close() {
            lock.lock();
            try {
                if (open) {
                    open = false;
                    leases.remove(this);
                    if (view) {
                        releaseZombies();
                        viewReleased.signalAll();
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        /** Whether the claim is still held. */
        public boolean isOpen() {
            lock.lock();
            try {
                return open;
            } finally {
                lock.unlock();
            }
        }

        boolean overlaps(long s, long e) {
            return start < e && s < end;
        }
    }

    private record Range(long end, int access) {
    }

    /**
     * What a registry holds at one moment: recorded ranges, holds, live view leases, pins, and
     * unmapped ranges still mapped inert for views.
     *
     * @param ranges the recorded mappings (entries, after splits)
     * @param holds  open holds ({@code Os.hold})
     * @param views  view leases not yet released (buffers from {@code memory()} not yet collected)
     * @param pins   pins of kernel calls in progress
     * @param inert  unmapped ranges kept mapped inert because views of them are alive
     */
    public record Usage(int ranges, int holds, int views, int pins, int inert) {

        /** Whether nothing at all is recorded: a registry that may be dropped without losing anything. */
        public boolean isEmpty() {
            return ranges == 0 && holds == 0 && views == 0 && pins == 0 && inert == 0;
        }

        @Override
        public String toString() {
            return ranges + " mapped range(s), " + holds + " hold(s), " + views + " live view(s), " + pins
                    + " pin(s), " + inert + " inert range(s)";
        }
    }

    /** An unmapped range the kernel still maps (inert) because views over it are alive. */
    private record Zombie(long start, long end, Runnable munmap) {
    }

    /**
     * How long mprotect / MAP_FIXED wait for unreachable views to be collected before refusing
     * (system property {@code korlang.os.viewWaitMillis}, default 2000).
     */
    static final long VIEW_WAIT_NANOS = Long.getLong("korlang.os.viewWaitMillis", 2000) * 1_000_000L;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition pinReleased = lock.newCondition();
    private final Condition viewReleased = lock.newCondition();
    private final TreeMap<Long, Range> ranges = new TreeMap<>();
    private final List<long[]> pins = new ArrayList<>();
    private final List<Lease> leases = new ArrayList<>();
    private final List<Zombie> zombies = new ArrayList<>();
    /** Releases the leases of collected views; created with the first view. */
    private Cleaner cleaner;

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
            Map.Entry<Long, Range> e = ranges.floorEntry(start);
            return start < end && e != null && e.getValue().end() >= end;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The access every byte of {@code [start, end)} has (the bits common to the covering ranges), or
     * -1 if the range is not covered.
     */
    public int access(long start, long end) {
        lock.lock();
        try {
            return accessLocked(start, end);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether {@code [start, end)} overlaps memory this registry unmapped while memory() views of it
     * were alive, and still maps inert for them: a direct buffer there is a stale view.
     */
    public boolean overlapsStaleViews(long start, long end) {
        lock.lock();
        try {
            for (Zombie z : zombies) {
                if (z.start() < end && start < z.end()) {
                    return start < end;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** {@link #add(long, long, int)} with read and write access. */
    public void add(long start, long end) {
        add(start, end, READ | WRITE);
    }

    /**
     * Records a new mapping with {@code access} that the kernel just made. The kernel is the
     * authority: a range it hands out afresh cannot still be one of ours, so recorded entries it
     * overlaps (which could only be stale, e.g. memory someone else unmapped behind this port's back)
     * are dropped.
     */
    public void add(long start, long end, int access) {
        lock.lock();
        try {
            if (start >= end) {
                throw new IllegalArgumentException("empty range");
            }
            cut(ranges, start, end);
            ranges.put(start, new Range(end, access));
        } finally {
            lock.unlock();
        }
    }

    /** {@link #unmap(long, long, String, Runnable, Runnable)} for a caller that never has views out. */
    public void unmap(long start, long end, String what, Runnable kernel) {
        unmap(start, end, what, kernel, null);
    }

    /**
     * Unmaps a covered range once no pin overlaps it, then forgets the range (splitting partially
     * covered entries). Refused while a hold overlaps it. If live views overlap it, {@code inert}
     * (a MAP_FIXED anonymous read-write mapping over the range) runs instead of {@code kernel}
     * (munmap), which runs when the last such view is collected; without {@code inert} that is
     * refused (IllegalStateException), since a view would outlive its memory. If the kernel call
     * throws, nothing is forgotten.
     */
    public void unmap(long start, long end, String what, Runnable kernel, Runnable inert) {
        lock.lock();
        try {
            while (true) {
                requireCovered(start, end, what);
                if (!pinnedLocked(start, end)) {
                    break;
                }
                pinReleased.awaitUninterruptibly();
            }
            refuseHeld(start, end, what, 0, null);
            if (viewedLocked(start, end)) {
                if (inert == null) {
                    throw new IllegalStateException(what + ": " + hex(start, end) + " has live memory() views and no "
                            + "inert replacement to keep them from touching memory that is gone");
                }
                inert.run();
                zombies.add(new Zombie(start, end, kernel));
            } else {
                kernel.run();
            }
            cut(ranges, start, end);
        } finally {
            lock.unlock();
        }
    }

    /** {@link #remap(long, long, int, String, LongSupplier)} for a read-write mapping. */
    public long remap(long start, long end, String what, LongSupplier kernel) {
        return remap(start, end, READ | WRITE, what, kernel);
    }

    /**
     * Runs {@code kernel} (MAP_FIXED mmap with {@code access}) on a covered range, then records the
     * range as a mapping of its own. Refused while a hold overlaps the range or a live view needs an
     * access that {@code access} lacks.
     */
    public long remap(long start, long end, int access, String what, LongSupplier kernel) {
        lock.lock();
        try {
            long deadline = System.nanoTime() + VIEW_WAIT_NANOS;
            boolean collected = false;
            while (true) {
                requireCovered(start, end, what);
                refuseHeld(start, end, what, 0, null);
                if (!awaitViews(start, end, what, access, deadline, collected)) {
                    break;
                }
                collected = true;
            }
            long result = kernel.getAsLong();
            cut(ranges, start, end);
            ranges.put(start, new Range(end, access));
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code kernel} (mprotect to {@code access}) on a covered range, then records the new
     * access. Refused while a hold or a live view over the range needs an access that {@code access}
     * lacks.
     */
    public long protect(long start, long end, int access, String what, LongSupplier kernel) {
        lock.lock();
        try {
            long deadline = System.nanoTime() + VIEW_WAIT_NANOS;
            boolean collected = false;
            while (true) {
                requireCovered(start, end, what);
                refuseHeld(start, end, what, access, null);
                if (!awaitViews(start, end, what, access, deadline, collected)) {
                    break;
                }
                collected = true;
            }
            long result = kernel.getAsLong();
            setAccess(start, end, access);
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code kernel} (madvise) while {@code [start, end)} is guaranteed to stay mapped; advice
     * that discards contents ({@code destructive}) is refused over a held range unless made through
     * that hold ({@code by}).
     */
    public long advise(long start, long end, boolean destructive, Lease by, String what, LongSupplier kernel) {
        lock.lock();
        try {
            requireCovered(start, end, what);
            if (destructive) {
                refuseHeld(start, end, what, 0, by);
            }
            return kernel.getAsLong();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code kernel} while {@code [start, end)} is guaranteed to stay mapped. */
    public long onCovered(long start, long end, String what, LongSupplier kernel) {
        lock.lock();
        try {
            requireCovered(start, end, what);
            return kernel.getAsLong();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code read} while {@code [start, end)} is guaranteed to stay mapped and readable (a Java
     * read of our memory by raw address); {@link IllegalArgumentException} if it is not.
     */
    public long onReadable(long start, long end, String what, LongSupplier read) {
        lock.lock();
        try {
            requireCovered(start, end, what);
            if ((accessLocked(start, end) & READ) == 0) {
                throw new IllegalArgumentException(what + ": " + hex(start, end) + " is mapped without read access");
            }
            return read.getAsLong();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A hold on a covered range with {@code access} (which the range must have): until it is
     * closed, the range cannot be unmapped, lose that access or be replaced, and destructive advice
     * must come through the hold.
     */
    public Lease hold(long start, long end, int access, String what) {
        lock.lock();
        try {
            long deadline = System.nanoTime() + VIEW_WAIT_NANOS;
            boolean collected = false;
            while (true) {
                requireCovered(start, end, what);
                int has = accessLocked(start, end);
                if ((has & access) != access) {
                    throw new IllegalArgumentException(what + ": " + hex(start, end) + " does not have the access to hold ("
                            + accessName(has) + ", wanted " + accessName(access) + ")");
                }
                refuseHeld(start, end, what, 0, null); // one holder at a time
                // no view may write into (or read) it behind its holder's back: wait for dropped ones
                if (!awaitViews(start, end, what, 0, deadline, collected)) {
                    break;
                }
                collected = true;
            }
            Lease l = new Lease(start, end, access, false);
            leases.add(l);
            return l;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The lease for a view of {@code [start, end)}, which must lie inside one mapping and be readable:
     * its access is READ, plus WRITE if the range is writable now. {@link #track} ties it to the
     * buffer.
     */
    public Lease openView(long start, long end, String what) {
        lock.lock();
        try {
            Map.Entry<Long, Range> e = ranges.floorEntry(start);
            if (start >= end || e == null || e.getValue().end() < end) {
                throw new IllegalArgumentException(what + ": " + hex(start, end) + " is not inside one mapping made by this Os");
            }
            int has = e.getValue().access();
            if ((has & READ) == 0) {
                throw new IllegalArgumentException(what + ": " + hex(start, end) + " is mapped without read access ("
                        + accessName(has) + "): no view of it");
            }
            refuseHeld(start, end, what, 0, null); // its holder alone touches it
            Lease l = new Lease(start, end, has & (READ | WRITE), true);
            leases.add(l);
            return l;
        } finally {
            lock.unlock();
        }
    }

    /** Releases {@code lease} when {@code buffer} becomes unreachable. */
    public void track(Object buffer, Lease lease) {
        Cleaner c;
        lock.lock();
        try {
            if (cleaner == null) {
                cleaner = Cleaner.create();
            }
            c = cleaner;
        } finally {
            lock.unlock();
        }
        c.register(buffer, lease::close);
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
            ranges.forEach((s, r) -> copy.add(new long[] {s, r.end()}));
            return copy;
        } finally {
            lock.unlock();
        }
    }

    /** What this registry holds now (for the owner's diagnostics, and for tests). */
    public Usage usage() {
        lock.lock();
        try {
            int holds = 0;
            int views = 0;
            for (Lease l : leases) {
                if (l.view) {
                    views++;
                } else {
                    holds++;
                }
            }
            return new Usage(ranges.size(), holds, views, pins.size(), zombies.size());
        } finally {
            lock.unlock();
        }
    }

    /** Unmapped ranges still mapped inert because views over them are alive (for tests). */
    public int inertRanges() {
        lock.lock();
        try {
            return zombies.size();
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

    /**
     * Refuses if a hold other than {@code except} overlaps the range and needs an access that
     * {@code access} lacks (access 0: any hold refuses).
     */
    private void refuseHeld(long start, long end, String what, int access, Lease except) {
        for (Lease l : leases) {
            if (!l.view && l != except && l.overlaps(start, end) && (l.access & ~access) != 0) {
                throw new IllegalStateException(what + ": " + hex(start, end) + " overlaps " + hex(l.start, l.end)
                        + ", which is held for " + accessName(l.access) + " access by a client that reads it by raw "
                        + "address (e.g. the managed heap) until it releases it");
            }
        }
    }

    /**
     * If a live view overlapping the range needs an access that {@code access} lacks: asks for a GC
     * (the first time) and waits for a view to be released, returning true (the caller re-checks
     * everything, the lock having been released meanwhile); refuses once the deadline has passed.
     * Returns false if no view is in the way.
     */
    private boolean awaitViews(long start, long end, String what, int access, long deadline, boolean collected) {
        Lease blocking = null;
        for (Lease l : leases) {
            if (l.view && l.overlaps(start, end) && (l.access & ~access) != 0) {
                blocking = l;
                break;
            }
        }
        if (blocking == null) {
            return false;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new IllegalStateException(what + ": " + hex(start, end) + " has a reachable memory() view of "
                    + hex(blocking.start, blocking.end) + " that needs " + accessName(blocking.access) + " access; a view "
                    + "keeps its access until it is garbage-collected");
        }
        if (!collected) {
            System.gc(); // views are released by a Cleaner: unreachable ones go once the GC notices
        }
        try {
            viewReleased.awaitNanos(Math.min(left, 100_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted while waiting for memory() views of "
                    + hex(blocking.start, blocking.end) + " to be collected");
        }
        return true;
    }

    private boolean viewedLocked(long start, long end) {
        for (Lease l : leases) {
            if (l.view && l.overlaps(start, end)) {
                return true;
            }
        }
        return false;
    }

    /** Really unmaps the inert ranges no live view overlaps any more (lock held). */
    private void releaseZombies() {
        for (int i = zombies.size() - 1; i >= 0; i--) {
            Zombie z = zombies.get(i);
            if (!viewedLocked(z.start(), z.end())) {
                zombies.remove(i);
                try {
                    z.munmap().run();
                } catch (RuntimeException e) {
                    // the port may be gone: the inert pages stay mapped until the process ends (a leak
                    // of address space, never a fault)
                }
            }
        }
    }

    private boolean coveredLocked(long start, long end) {
        if (start >= end) {
            return false;
        }
        Map.Entry<Long, Range> e = ranges.floorEntry(start);
        if (e == null || e.getValue().end() <= start) {
            return false;
        }
        long reached = e.getValue().end();
        while (reached < end) {
            Range next = ranges.get(reached); // the next entry must start exactly where this one ends
            if (next == null) {
                return false;
            }
            reached = next.end();
        }
        return true;
    }

    private int accessLocked(long start, long end) {
        if (!coveredLocked(start, end)) {
            return -1;
        }
        int access = READ | WRITE;
        Map.Entry<Long, Range> e = ranges.floorEntry(start);
        while (e != null && e.getKey() < end) {
            access &= e.getValue().access();
            e = ranges.higherEntry(e.getKey());
        }
        return access;
    }

    /** Sets the access of the covered range {@code [start, end)}, splitting the entries at its ends. */
    private void setAccess(long start, long end, int access) {
        Map.Entry<Long, Range> e = ranges.floorEntry(start);
        List<long[]> parts = new ArrayList<>();
        while (e != null && e.getKey() < end) {
            long s = e.getKey();
            Range r = e.getValue();
            ranges.remove(s);
            if (s < start) {
                ranges.put(s, new Range(start, r.access()));
            }
            if (r.end() > end) {
                ranges.put(end, new Range(r.end(), r.access()));
            }
            parts.add(new long[] {Math.max(s, start), Math.min(r.end(), end)});
            e = ranges.ceilingEntry(r.end());
        }
        for (long[] p : parts) { // one entry per former mapping part: withinOne stays as before
            ranges.put(p[0], new Range(p[1], access));
        }
    }

    private boolean pinnedLocked(long start, long end) {
        for (long[] pin : pins) {
            if (pin[0] < end && start < pin[1]) {
                return true;
            }
        }
        return false;
    }

    /** Removes {@code [start, end)} from the ranges, splitting entries it cuts through. */
    private static void cut(TreeMap<Long, Range> set, long start, long end) {
        Map.Entry<Long, Range> e = set.floorEntry(start);
        if (e == null || e.getValue().end() <= start) {
            e = set.ceilingEntry(start);
        }
        while (e != null && e.getKey() < end) {
            long s = e.getKey();
            Range r = e.getValue();
            set.remove(s);
            if (s < start) {
                set.put(s, new Range(start, r.access()));
            }
            if (r.end() > end) {
                set.put(end, new Range(r.end(), r.access()));
            }
            e = set.ceilingEntry(r.end()); // entries are disjoint: the next one starts at or after its end
        }
    }

    static String accessName(int access) {
        if (access < 0) {
            return "unmapped";
        }
        return switch (access & (READ | WRITE)) {
            case READ -> "READ";
            case WRITE -> "WRITE";
            case READ | WRITE -> "READ|WRITE";
            default -> "no";
        };
    }

    static String hex(long start, long end) {
        return "[0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end) + ")";
    }
}
