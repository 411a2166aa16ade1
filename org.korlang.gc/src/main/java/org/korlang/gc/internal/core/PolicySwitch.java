package org.korlang.gc.internal.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.spi.HeapContext;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.Roots;

/**
 * Replaces the running plan of a heap by a plan of another policy, with the world stopped (the heap
 * runs it inside its stop-the-world pause, after every mutator's buffer is retired), and keeps what
 * a switch leaves behind: the plans it retired and the windows of the arena that plans live in.
 *
 * <h2>Adopt, else retire, else copy</h2>
 * <ol>
 * <li><b>Adopt</b>: the new policy takes the old plan's spaces over in place
 * ({@link GcPolicy#adoptPlan}); the new plan stays in the old plan's window; no object moves.</li>
 * <li><b>Retire</b> (no retired plan holds objects yet): a new, empty plan is created in a free
 * window and the old plan keeps its objects where they are ({@link GcPlan#retire}); it is kept in
 * {@link #retiredPlans} until the sweeps after the new plan's full collections
 * ({@link #sweepRetired}) leave it empty.</li>
 * <li><b>Copy</b> (a plan that cannot retire, an earlier retired plan still holding objects, or a
 * copy-only switch for a policy whose bundle leaves): a new plan in a free window receives a copy
 * of every object reachable from the roots ({@link Migration}); the old plan and every retired one
 * are closed. If the new plan runs out of room the copy is undone and the heap stays as it was.</li>
 * </ol>
 *
 * <h2>Windows</h2>
 * The arena is cut into {@link #WINDOWS} windows of {@link #planWindow} bytes. At most three plans
 * are alive at once (the running one, one retired by a switch, the one a copying switch builds),
 * and each new plan goes into a window that neither of the others occupies, so plan regions never
 * have to squeeze between another plan's. The heap sizes the windows from the policies' declarations
 * ({@code GcPolicy.windowBytes}) and refuses a switch to a policy that declares more than a window.
 *
 * <p>Not thread-safe: every call but {@link #retiredBytes()} and {@link #holdsRetiredPlanOf} runs
 * with the world stopped (or while the heap closes) under the heap's GC lock.
 */
final class PolicySwitch {

    /** How many plan windows the arena has. */
    static final int WINDOWS = 3;

    private final HeapContext heap;
    private final Arena arena;
    private final TypeRegistry types;
    private final GcThreads workers;
    private final Remembered remembered;
    private final Roots roots;
    private final long planWindow;
    /** The window of the running plan. */
    private int currentWindow;
    /** The window of the retired plan, -1 if there is none. */
    private int retiredWindow = -1;
    /** Plans retired by switches that still hold objects. */
    private final CopyOnWriteArrayList<GcPlan> retiredPlans = new CopyOnWriteArrayList<>();
    /** What the retired plans occupy, as of the last switch or sweep. */
    private volatile long retiredBytes;

    /** What a switch did: the heap's new plan and the bytes the old plan promoted on its way out. */
    record Outcome(GcPlan plan, long bytesPromoted) {
    }

    PolicySwitch(HeapContext heap, Arena arena, TypeRegistry types, GcThreads workers, Remembered remembered, Roots roots,
            long planWindow) {
        this.heap = heap;
        this.arena = arena;
        this.types = types;
        this.workers = workers;
        this.remembered = remembered;
        this.roots = roots;
        this.planWindow = planWindow;
    }

    /** The bytes of each window, fixed when the heap was built (see GcPolicy, "Plan windows"). */
    long planWindowBytes() {
        return planWindow;
    }

    /** The heap's first plan, in window 0. */
    GcPlan firstPlan(GcPolicy policy) {
        return createIn(currentWindow, policy);
    }

    /**
     * Replaces {@code old} by a plan of {@code policy} (world stopped, buffers retired): adopted,
     * else with {@code old} retired, else holding a copy of the live objects — only the copy when
     * {@code copyOnly}. On failure the heap goes on with {@code old}, unchanged.
     */
    Outcome replace(GcPlan old, GcPolicy policy, boolean copyOnly) {
        long promotedBefore = old.bytesPromoted();
        GcPlan next = copyOnly ? null : policy.adoptPlan(heap, old);
        boolean adopted = next != null;
        boolean retiring = false;
        int nextWindow = currentWindow;
        if (next == null && retiredPlans.isEmpty() && !copyOnly) {
            nextWindow = freeWindow();
            next = createIn(nextWindow, policy);
            try {
                retiring = old.retire();
            } catch (RuntimeException | Error e) {
                next.close();
                placeIn(currentWindow);
                throw e;
            }
            if (!retiring) {
                next.close();
                next = null;
                placeIn(currentWindow);
            }
        }
        if (next == null) {
            nextWindow = freeWindow();
            next = copyInto(nextWindow, policy);
        }
        long promoted = old.bytesPromoted() - promotedBefore;
        long left = retiring ? old.usage().total() : 0;
        if (left > 0) {
            retiredPlans.add(old);
            retiredBytes = left;
            retiredWindow = currentWindow;
        } else if (retiring) {
            old.close(); // retired with no object: nothing to keep
        } else {
            old.close();
            if (!adopted) { // the copy carried the retired plans' live objects too
                closeRetired();
            }
        }
        currentWindow = nextWindow;
        return new Outcome(next, promoted);
    }

    /**
     * After a full collection of the running plan (world stopped): each retired plan frees what the
     * collection did not mark (or moved out); an empty one is closed. (The plan has already dropped
     * remembered entries of the retired objects it left unmarked — see GcPlan, "Retired objects".)
     */
    void sweepRetired() {
        long total = 0;
        for (GcPlan r : retiredPlans) {
            long left = r.sweepRetired();
            if (left == 0) {
                retiredPlans.remove(r);
                r.close();
            }
            total += left;
        }
        if (retiredPlans.isEmpty()) {
            retiredWindow = -1;
        }
        retiredBytes = total;
    }

    /** Bytes of the objects the retired plans still hold, as of the last switch or sweep. */
    long retiredBytes() {
        return retiredBytes;
    }

    /** The retired plans that still hold objects (world stopped). */
    List<GcPlan> retiredPlans() {
        return retiredPlans;
    }

    /** Whether a plan retired by an earlier switch, of the policy named {@code name}, still holds objects. */
    boolean holdsRetiredPlanOf(String name) {
        for (GcPlan r : retiredPlans) {
            if (r.policyName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Closes every retired plan (the heap closes, or a copy carried their live objects out). */
    void closeRetired() {
        for (GcPlan r : retiredPlans) {
            r.close();
        }
        retiredPlans.clear();
        retiredBytes = 0;
        retiredWindow = -1;
    }

    /**
     * A new plan of {@code policy} in window {@code window} of the arena, holding a copy of every
     * object reachable from the roots; on failure the roots point at the old objects again and the
     * heap goes on with the old plan.
     */
    private GcPlan copyInto(int window, GcPolicy policy) {
        placeIn(window);
        GcPlan next = null;
        // the old plan's remembered entries name old objects: the new plan starts with none
        long[] logged = remembered.drain();
        Migration migration = null;
        try {
            next = policy.createPlan(heap);
            migration = new Migration(arena, types.table(), next, workers); // the types as of now
            migration.run(roots);
            return next;
        } catch (RuntimeException | Error e) {
            if (migration != null) {
                migration.rollBack(roots);
            }
            // a restored header lacks the remembered bit (copies drop GC state): entries are logged again
            for (long entry : logged) {
                arena.putLong(entry, arena.getLong(entry) | ObjectHeader.REMEMBERED);
            }
            remembered.addAll(logged, logged.length);
            if (next != null) {
                next.close();
            }
            placeIn(currentWindow);
            throw e;
        }
    }

    /** A new, empty plan of {@code policy} in window {@code window} of the arena. */
    private GcPlan createIn(int window, GcPolicy policy) {
        placeIn(window);
        try {
            return policy.createPlan(heap);
        } catch (RuntimeException | Error e) {
            placeIn(currentWindow);
            throw e;
        }
    }

    /**
     * A window that neither the running plan nor a retired one occupies: there are three windows and
     * at most two such plans; an empty one is preferred (a plan that overflowed its own window may
     * have spilled into another).
     */
    private int freeWindow() {
        int any = -1;
        for (int w = 0; w < WINDOWS; w++) {
            if (w == currentWindow || w == retiredWindow) {
                continue;
            }
            if (arena.isEmpty(w * planWindow, (w + 1) * planWindow)) {
                return w;
            }
            any = w;
        }
        return any;
    }

    /** From now on regions go to window {@code w} of the arena (see Arena.placeIn). */
    private void placeIn(int w) {
        arena.placeIn(w * planWindow, (w + 1) * planWindow);
    }
}
