package org.korlang.os.binding;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.korlang.os.Advice;
import org.korlang.os.Clock;
import org.korlang.os.DirEntry;
import org.korlang.os.FileStat;
import org.korlang.os.FutexResult;
import org.korlang.os.MapFlag;
import org.korlang.os.MemoryHold;
import org.korlang.os.OpenFlag;
import org.korlang.os.Os;
import org.korlang.os.Prot;
import org.korlang.os.Uname;
import org.korlang.os.Whence;

/**
 * An {@link Os} for a consumer that must outlive the Os services: it calls through the best matching
 * port bound now, waits while none serves, and never lets a port of another kernel or processor in.
 * The consumer binds every Os service dynamically (0..n) and feeds this handle from its DS bind and
 * unbind callbacks; everything it builds sees only the handle.
 */
/*
 * Why: a consumer's state belongs to the process, not to the Os service it called — the heap's
 * memory, a running Korlang program, the futex words of sync primitives. An OS port (or the arch port
 * under it) may stop, restart or be replaced while that state is live; with a static reference the
 * consumer was torn down with the port and its state was lost.
 *
 * Why here, in the port API bundle: the heap (org.korlang.gc), the VM and sync all need the same
 * rules, and none of them may import another's internals. The rules are part of the Os contract —
 * which service properties (os.name, os.arch) say that two ports serve the same kernel and processor,
 * and that mappings belong to the process — so they sit next to Os, in their own exported package
 * (org.korlang.os.binding 1.0.0) rather than in org.korlang.os itself: Os ports are its providers and
 * import org.korlang.os with a provider range ([1.4,1.5) for 1.4.0), so a minor bump of org.korlang.os would
 * make every port jar already built (a deploy folder's) unresolvable; a new package touches no port.
 * It is plain Java over org.korlang.os (no OSGi API: the consumer passes the service properties and
 * says, through `quiet`, whether the framework is stopping), so the bundle still depends on nothing.
 *
 * Invariants:
 *   - Kernel and processor are pinned: the first port bound fixes them (its os.name and os.arch
 *     service properties); a port for another kernel or processor is never made current (its
 *     mappings, syscall numbers and errno would be foreign). A port whose os.name is not this
 *     machine's kernel is never bound even first.
 *   - Current port = the best-ranked matching port bound (service.ranking, then lowest service.id):
 *     a second port serving the same kernel and processor takes over at once when the current one
 *     leaves, or when it ranks higher. The choice is the handle's, so the consumer's reference must
 *     be multiple: with a unary one SCR would pick the best-ranked Os of any processor, and the
 *     handle, refusing a foreign one, would be left with none while a matching port serves.
 *   - No port: every call that needs one waits, printing `korlang: waiting: no Os port serves
 *     <kernel>/<processor> (<what stays>)` once per absence on the report stream, until a port
 *     serves again; then "korlang: <kernel>/<processor> served again by ..." (no line for a port
 *     leaving while the framework stops). Once the framework is stopping, or after close() (the
 *     consumer is going away), waiting calls fail with IllegalStateException instead: nothing waits
 *     forever on a framework that is shutting down (its ports stop before or after the consumer, in
 *     any order). An interrupt ends a wait with IllegalStateException too, the thread's interrupt
 *     status set (a caller that must not be interrupted re-asserts it and calls again).
 *   - A system call in flight when its port leaves completes on the departing port object: DS's
 *     unbind does not wait for it, and that object's code and native library stay loaded (a class
 *     loader cannot be collected while a thread runs its code). The next call goes to the new port.
 *     A thread asleep in the kernel (futex wait) through the departing port stays asleep there and is
 *     woken by a futex wake through any port of the same kernel: the kernel keys a private futex on
 *     the process and the address, not on who made the call.
 *   - Mappings outlive ports: munmap, madvise, memory views and futex words of the consumer's ranges
 *     go to the current port — the mapping was made by the kernel for the process, so any port
 *     serving the same kernel can use it. Ports of one bundle share their mapping registry (the Linux
 *     port's instances do), so a stopped and restarted port still knows the consumer's ranges. Holds
 *     follow the port: when the current port changes, every open hold is taken again on the new port
 *     and the old one released; a port that refuses (it does not know the range: another bundle's
 *     registry) leaves the hold on the port that made it.
 */
public final class PortHandle implements Os {

    private static final System.Logger LOG = System.getLogger(PortHandle.class.getName());

    /** A bound Os service with the properties that rank and pin it. */
    private record Bound(Os os, String kernel, String processor, int ranking, long id) {
        String describe() {
            return os.getClass().getName() + " (service " + id + ")";
        }
    }

    private static final Comparator<Bound> BEST_FIRST =
            Comparator.comparingInt(Bound::ranking).reversed().thenComparingLong(Bound::id);

    private final String machineKernel;
    private final PrintStream report;
    private final List<Bound> bound = new ArrayList<>();
    private final List<HandleHold> holds = new ArrayList<>();
    /** The pinned kernel and processor (null until the first port binds). */
    private final String whatStays;
    private String kernel;
    private String processor;
    private Bound current;
    private boolean waitingReported;
    private boolean closed;
    /** True while a port leaving is expected and not worth a line (the framework is stopping). */
    private final BooleanSupplier quiet;

    /**
     * @param machineKernel this machine's kernel in the ports' naming ({@code linux}, {@code macos}),
     *                      or null to accept any kernel for the first port
     * @param report        where the waiting lines go
     * @param whatStays     what the consumer keeps while it waits, for the waiting line (e.g.
     *                      "the heap and its objects stay")
     * @param quiet         whether a port leaving now is expected (no line, and calls fail instead of
     *                      waiting), e.g. while the framework stops
     */
    public PortHandle(String machineKernel, PrintStream report, String whatStays, BooleanSupplier quiet) {
        this.machineKernel = machineKernel;
        this.report = report;
        this.whatStays = whatStays;
        this.quiet = quiet;
    }

    /** This machine's kernel as the ports name it, from the JVM's {@code os.name}. */
    public static String kernelOfThisMachine() {
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (name.startsWith("linux")) {
            return "linux";
        }
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return "macos";
        }
        return name;
    }

    // ------------------------------------------------------------------------- binding (DS callbacks)

    /** A port arrived; returns whether it matches (and may serve). */
    public synchronized boolean bind(Os os, Map<String, Object> properties) {
        String k = string(properties.get(Os.OS_NAME));
        String p = string(properties.get(Os.OS_ARCH));
        if (k == null || p == null || (machineKernel != null && !machineKernel.equals(k))
                || (kernel != null && (!kernel.equals(k) || !processor.equals(p)))) {
            LOG.log(System.Logger.Level.DEBUG, "not bound: Os " + k + "/" + p + " serves another kernel or processor");
            return false;
        }
        kernel = k;
        processor = p;
        bound.add(new Bound(os, k, p, ranking(properties), id(properties)));
        choose();
        return true;
    }

    /** A port left. */
    public synchronized void unbind(Os os) {
        if (bound.removeIf(b -> b.os == os)) {
            choose();
        }
    }

    /** Ends waiting: calls without a port fail from now on (the consumer is going away). */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** The port serving now: {@code <class> (service <id>)}, or a line saying none does. */
    public synchronized String servedBy() {
        if (current != null) {
            return current.describe();
        }
        return kernel == null ? "no Os port bound yet" : "waiting: no Os port serves " + kernel + "/" + processor;
    }

    /**
     * Returns once a port serves (at once if one does), failing as a waiting call does (closed,
     * framework stopping, interrupted): for a consumer that must wait for a port at a point of its
     * own choosing, e.g. where it can let others proceed meanwhile.
     */
    public void awaitServing() {
        port();
    }

    /** Whether a port serves now. */
    public synchronized boolean serving() {
        return current != null;
    }

    private void choose() {
        Bound best = bound.stream().min(BEST_FIRST).orElse(null);
        if (best == current) {
            return;
        }
        Bound previous = current;
        current = best;
        if (best != null) {
            for (HandleHold hold : holds) {
                hold.moveTo(best.os);
            }
            if (waitingReported) {
                report.println("korlang: " + kernel + "/" + processor + " served again by " + best.describe());
                waitingReported = false;
            }
            notifyAll();
        } else if (previous != null && !quiet.getAsBoolean()) {
            report.println("korlang: waiting: no Os port serves " + kernel + "/" + processor
                    + " (" + whatStays + "; system calls wait for a port)");
            waitingReported = true;
        }
    }

    /** The current port, waiting for one if none serves. */
    private synchronized Os port() {
        boolean interrupted = false;
        try {
            while (current == null) {
                if (closed || quiet.getAsBoolean()) {
                    throw new IllegalStateException("no Os port serves " + (kernel == null ? "this machine" : kernel + "/" + processor)
                            + (closed ? " and its consumer is closing" : " and the framework is stopping"));
                }
                if (!waitingReported) {
                    report.println("korlang: waiting: no Os port serves "
                            + (kernel == null ? "this machine" : kernel + "/" + processor) + " (" + whatStays + ")");
                    waitingReported = true;
                }
                try {
                    wait(250); // bind() notifies; the timeout only re-checks whether the framework stops
                } catch (InterruptedException e) {
                    interrupted = true;
                    throw new IllegalStateException("interrupted while waiting for an Os port", e);
                }
            }
            return current.os;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <T> T call(Function<Os, T> syscall) {
        return syscall.apply(port());
    }

    private void run(java.util.function.Consumer<Os> syscall) {
        syscall.accept(port());
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static int ranking(Map<String, Object> properties) {
        Object r = properties.get("service.ranking");
        return r instanceof Integer i ? i : 0;
    }

    private static long id(Map<String, Object> properties) {
        Object id = properties.get("service.id");
        return id instanceof Long l ? l : Long.MAX_VALUE;
    }

    // --------------------------------------------------------------------------------- holds

    /** A hold that follows the current port (see the invariants above). */
    private final class HandleHold implements MemoryHold {
        private final long address;
        private final long length;
        private final Set<Prot> access;
        private MemoryHold held; // guarded by PortHandle.this
        private boolean open = true;

        HandleHold(long address, long length, Set<Prot> access, MemoryHold held) {
            this.address = address;
            this.length = length;
            this.access = access;
            this.held = held;
        }

        /** Called with the handle's lock held. */
        void moveTo(Os port) {
            try {
                MemoryHold moved = port.hold(address, length, access);
                MemoryHold old = held;
                held = moved;
                try {
                    old.close();
                } catch (RuntimeException departed) {
                    // the old port is gone; its hold ends with it
                }
            } catch (RuntimeException refused) {
                // the new port does not know this range (another bundle's mappings): keep the hold
                // on the port that made it
            }
        }

        private MemoryHold held() {
            synchronized (PortHandle.this) {
                return held;
            }
        }

        @Override
        public long address() {
            return address;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public void madvise(long a, long len, Advice advice) {
            port(); // waits while no port serves
            held().madvise(a, len, advice);
        }

        @Override
        public boolean isOpen() {
            return open && held().isOpen();
        }

        @Override
        public void close() {
            synchronized (PortHandle.this) {
                if (!open) {
                    return;
                }
                open = false;
                holds.remove(this);
            }
            held().close();
        }
    }

    @Override
    public MemoryHold hold(long address, long length, Set<Prot> access) {
        synchronized (this) {
            HandleHold hold = new HandleHold(address, length, access, port().hold(address, length, access));
            holds.add(hold);
            return hold;
        }
    }

    // ------------------------------------------------------------------- Os, through the current port

    @Override
    public String name() {
        return call(Os::name);
    }

    @Override
    public String archName() {
        return call(Os::archName);
    }

    @Override
    public int pageSize() {
        return call(Os::pageSize);
    }

    @Override
    public long mmap(long address, long length, Set<Prot> prot, Set<MapFlag> flags, int fd, long offset) {
        return call(os -> os.mmap(address, length, prot, flags, fd, offset));
    }

    @Override
    public void munmap(long address, long length) {
        run(os -> os.munmap(address, length));
    }

    @Override
    public void mprotect(long address, long length, Set<Prot> prot) {
        run(os -> os.mprotect(address, length, prot));
    }

    @Override
    public void madvise(long address, long length, Advice advice) {
        run(os -> os.madvise(address, length, advice));
    }

    @Override
    public boolean isMapped(long address, long length) {
        return call(os -> os.isMapped(address, length));
    }

    @Override
    public ByteBuffer memory(long address, int length) {
        return call(os -> os.memory(address, length));
    }

    @Override
    public int openat(int dirfd, String path, Set<OpenFlag> flags, int mode) {
        return call(os -> os.openat(dirfd, path, flags, mode));
    }

    @Override
    public void close(int fd) {
        run(os -> os.close(fd));
    }

    @Override
    public int read(int fd, ByteBuffer dst, int length) {
        return call(os -> os.read(fd, dst, length));
    }

    @Override
    public int write(int fd, ByteBuffer src, int length) {
        return call(os -> os.write(fd, src, length));
    }

    @Override
    public long lseek(int fd, long offset, Whence whence) {
        return call(os -> os.lseek(fd, offset, whence));
    }

    @Override
    public FileStat fstat(int fd) {
        return call(os -> os.fstat(fd));
    }

    @Override
    public FileStat fstatat(int dirfd, String path, boolean followLinks) {
        return call(os -> os.fstatat(dirfd, path, followLinks));
    }

    @Override
    public void unlinkat(int dirfd, String path, boolean directory) {
        run(os -> os.unlinkat(dirfd, path, directory));
    }

    @Override
    public void mkdirat(int dirfd, String path, int mode) {
        run(os -> os.mkdirat(dirfd, path, mode));
    }

    @Override
    public List<DirEntry> readDirectory(int fd) {
        return call(os -> os.readDirectory(fd));
    }

    @Override
    public FutexResult futexWait(long address, int expected, long timeoutNanos) {
        return call(os -> os.futexWait(address, expected, timeoutNanos));
    }

    @Override
    public int futexWake(long address, int count) {
        return call(os -> os.futexWake(address, count));
    }

    @Override
    public void schedYield() {
        run(Os::schedYield);
    }

    @Override
    public long getpid() {
        return call(Os::getpid);
    }

    @Override
    public long gettid() {
        return call(Os::gettid);
    }

    @Override
    public long clockGettime(Clock clock) {
        return call(os -> os.clockGettime(clock));
    }

    @Override
    public void nanosleep(long nanos) {
        run(os -> os.nanosleep(nanos));
    }

    @Override
    public Uname uname() {
        return call(Os::uname);
    }

    @Override
    public int getrandom(ByteBuffer dst, int length) {
        return call(os -> os.getrandom(dst, length));
    }

    @Override
    public void exitGroup(int status) {
        run(os -> os.exitGroup(status));
    }
}
