package org.korlang.vm.internal;

import org.korlang.gc.Mutator;
import org.korlang.gc.RootArea;
import org.korlang.gc.vmaccess.Raw;
import org.korlang.gc.vmaccess.VmAccess;

/**
 * A task's stack: a chain of stack chunks, each a {@link RootArea} of the managed heap, so that frames
 * are heap memory and the collector scans exactly the live reference registers, at every collection,
 * with no write barrier on register stores.
 *
 * <h2>Chunk layout (word offsets from the area object)</h2>
 * <pre>
 *  +0 header | +8 live count | +16 ref registers (R words, the roots) | data (D words):
 *     d0 caller's rb offset, d1 caller's pb offset (chunks after the first: where the frame that called
 *     into this chunk lives, relative to the previous chunk's address), then frames:
 *     [header 2 words][prim registers] [header][prims] …
 * </pre>
 * A frame's ref registers are contiguous in the ref part, its prim registers (with the call header
 * just below them) in the data part; frames follow each other in both parts. The live count covers
 * every ref register of every frame up to the newest one: the interpreter raises it at each call,
 * after zeroing the new frame's registers that the arguments do not fill, so the collector never
 * reads a stale word. Above the newest frame each chunk keeps {@link #SCRATCH} words free: a builtin
 * that must keep objects across an allocation writes them there and raises the live count over them.
 *
 * <h2>Growth and the limit</h2>
 * A call whose frame does not fit the current chunk continues in the next one (kept as a spare after
 * the frame returns, so that a recursion at a chunk boundary does not allocate each time; chunks two
 * above the current one are released). Each new chunk doubles the previous size, up to the largest
 * heap object. The bytes of all chunks are limited ({@code maxStackBytes}): past it the call fails
 * with the runtime error "stack overflow" — a Korlang error, never a Java StackOverflowError, since a
 * Korlang call never recurses in Java.
 *
 * <h2>Moving chunks</h2>
 * Chunks are allocated pinned, so collections do not move them — except a copying policy switch and
 * a semispace collection adopting objects pinned under an earlier policy. So the interpreter keeps
 * absolute addresses of the current frame in Java locals and, after every safepoint, compares the
 * chunk's address with the one it holds and shifts its locals by the difference; every saved position
 * (caller offsets, a suspended task's state) is an offset from its chunk, never an address.
 */
public final class Stack implements AutoCloseable {

    /** Reference words above the newest frame that builtins may use as rooted temporaries. */
    public static final int SCRATCH = 8;
    static final int FIRST_ROOT_WORDS = 512;
    static final int FIRST_DATA_WORDS = 1024;
    static final int SMALL_EXTRA_ROOTS = 8;
    static final int SMALL_EXTRA_DATA = 16;

    /** Where a spawned task's first chunk comes from and goes back to (#12), or null. */
    ChunkPool pool;
    /** The mutator of the thread running the task now (a task's stack moves between workers, #12). */
    Mutator mutator;
    private final long maxBytes;
    private RootArea[] chunks = new RootArea[4];
    private int count;
    /** Index of the chunk holding the newest frame. */
    int current;
    private long bytes;

    public Stack(Mutator mutator, long maxBytes) {
        this.mutator = mutator;
        this.maxBytes = maxBytes;
    }

    RootArea chunk(int i) {
        return chunks[i];
    }

    RootArea currentChunk() {
        return chunks[current];
    }

    int chunkCount() {
        return count;
    }

    /** Byte offset of the data words of {@code area} from its address. */
    static long dataOffset(RootArea area) {
        return VmAccess.AREA_ROOTS + 8L * area.rootWords();
    }

    /** Byte offset of the first frame's p0 from its chunk's address. */
    static long firstFrameOffset(RootArea area) {
        return dataOffset(area) + 16 + VmFunction.HEADER_BYTES;
    }

    static long refEndOffset(RootArea area) {
        return VmAccess.AREA_ROOTS + 8L * area.rootWords();
    }

    static long primEndOffset(RootArea area) {
        return VmAccess.AREA_ROOTS + 8L * (area.rootWords() + area.dataWords());
    }

    /** Makes the first chunk (a safepoint). */
    void init(int refWords, int primWords) {
        init(refWords, primWords, false);
    }

    /**
     * Makes the first chunk (a safepoint); {@code small} for a spawned task (#12): room for the entry
     * frame and a few calls only, so that 100,000 parked tasks fit a small heap (deeper calls
     * continue in chunks that double in size).
     */
    void init(int refWords, int primWords, boolean small) {
        int roots = small ? refWords + SCRATCH + SMALL_EXTRA_ROOTS : Math.max(FIRST_ROOT_WORDS, refWords + SCRATCH);
        int data = small ? primWords + 4 + SMALL_EXTRA_DATA : Math.max(FIRST_DATA_WORDS, primWords + 4);
        RootArea pooled = small && pool != null ? pool.take(roots, data) : null;
        if (pooled != null) {
            bytes += 8L * (2 + pooled.rootWords() + pooled.dataWords());
            chunks[0] = pooled;
        } else {
            chunks[0] = allocate(roots, data);
        }
        count = 1;
        current = 0;
    }

    /**
     * Makes (or reuses) the chunk after the current one, with room for a frame of {@code refWords}
     * and {@code primWords} (header included), and makes it current. A safepoint: chunk addresses
     * must be re-read afterwards. "stack overflow" when the limit would be passed.
     */
    RootArea pushChunk(int refWords, int primWords) {
        int next = current + 1;
        RootArea spare = next < count ? chunks[next] : null;
        int needRoots = refWords + SCRATCH;
        int needData = primWords + 4;
        if (spare != null && (spare.rootWords() < needRoots || spare.dataWords() < needData)) {
            release(next);
            spare = null;
        }
        if (spare == null) {
            RootArea prev = chunks[current];
            int roots = Math.max(needRoots, Math.min(prev.rootWords() * 2, 16384));
            int data = Math.max(needData, Math.min(prev.dataWords() * 2, 32768));
            if (roots + data > RootArea.MAX_WORDS) {
                throw new KorlangError("stack overflow (a frame of " + refWords + " + " + primWords + " words is too large)");
            }
            spare = allocate(roots, data);
            if (next == chunks.length) {
                chunks = java.util.Arrays.copyOf(chunks, next * 2);
            }
            chunks[next] = spare;
            count = next + 1;
        }
        current = next;
        return spare;
    }

    /** Leaves the current chunk for the previous one (its frames are gone); releases chunks above the spare. */
    void popChunk() {
        Raw.putLong(VmAccess.address(chunks[current]) + VmAccess.AREA_LIVE, 0);
        current--;
        while (count > current + 2) {
            release(count - 1);
        }
    }

    private RootArea allocate(int roots, int data) {
        long size = 8L * (2 + roots + data);
        if (bytes + size > maxBytes) {
            throw new KorlangError("stack overflow");
        }
        RootArea a = mutator.newRootArea(roots, data);
        bytes += size;
        return a;
    }

    private void release(int i) {
        RootArea a = chunks[i];
        bytes -= 8L * (2 + a.rootWords() + a.dataWords());
        a.close();
        chunks[i] = null;
        if (i == count - 1) {
            count--;
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < count; i++) {
            if (chunks[i] != null) {
                if (i == 0 && pool != null) {
                    pool.give(chunks[0]);
                    chunks[0] = null;
                    continue;
                }
                chunks[i].close();
                chunks[i] = null;
            }
        }
        count = 0;
    }
}
