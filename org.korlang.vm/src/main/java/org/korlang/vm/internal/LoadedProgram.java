package org.korlang.vm.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.korlang.gc.Heap;
import org.korlang.gc.Mutator;
import org.korlang.gc.RootArea;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.vmaccess.Raw;
import org.korlang.gc.vmaccess.RawMutator;
import org.korlang.gc.vmaccess.VmAccess;
import org.korlang.lang.bytecode.FunctionCode;
import org.korlang.lang.bytecode.Layout;
import org.korlang.lang.bytecode.Program;
import org.korlang.lang.bytecode.RefConstant;
import org.korlang.lang.bytecode.TypeDesc;

/**
 * A verified program bound to one heap: a heap type per layout (named {@code k<n>/<layout>} so that two
 * programs' {@code Point}s never clash in a shared heap), the interpreter's functions, and the
 * reference constants interned into a {@link RootArea} of the heap (so string literals and payload-free
 * enum values are heap objects that the collector keeps and moves like any other).
 *
 * <p>The constants area lives as long as the run; {@link #close()} releases it.
 */
public final class LoadedProgram implements AutoCloseable {

    private static final AtomicLong LOADS = new AtomicLong();

    public final Program program;
    public final RuntimeTypes runtime;
    public final VmFunction[] functions;
    public final TypeId[] layoutTypes;
    /** Per layout: the value NEW writes into slot 0 (variant tag, closure function), or -1. */
    public final long[] layoutInit;
    public final long[] primConstants;
    public final RootArea constants;
    /** Heap type id → layout index, for printing and equality by dynamic type. */
    private final Map<Integer, Integer> layoutOfType = new HashMap<>();

    public LoadedProgram(Program program, Heap heap, Mutator mutator) {
        this.program = program;
        this.runtime = new RuntimeTypes(heap);
        long load = LOADS.incrementAndGet();
        int n = program.layouts().size();
        layoutTypes = new TypeId[n];
        layoutInit = new long[n];
        for (int i = 0; i < n; i++) {
            Layout l = program.layouts().get(i);
            TypeLayout.Builder b = TypeLayout.fixed("k" + load + "/" + i + "/" + l.name()).slots(l.slots());
            int[] fieldTypes = l.fieldTypes();
            int refCount = 0;
            for (int f = 0; f < fieldTypes.length; f++) {
                if (program.type(fieldTypes[f]).isRef()) {
                    refCount++;
                }
            }
            int[] refs = new int[refCount];
            int k = 0;
            for (int f = 0; f < fieldTypes.length; f++) {
                if (program.type(fieldTypes[f]).isRef()) {
                    refs[k++] = l.slotOf(f);
                }
            }
            layoutTypes[i] = heap.registerType(b.references(refs).build());
            layoutOfType.put(layoutTypes[i].id(), i);
            layoutInit[i] = switch (l.kind()) {
                case VARIANT -> l.tag();
                case CLOSURE -> l.owner();
                default -> -1;
            };
        }
        functions = new VmFunction[program.functions().size()];
        for (int i = 0; i < functions.length; i++) {
            FunctionCode f = program.functions().get(i);
            int refParams = f.closure() >= 0 ? 1 : 0;
            int primParams = 0;
            for (int p : f.params()) {
                if (program.type(p).isRef()) {
                    refParams++;
                } else {
                    primParams++;
                }
            }
            TypeDesc ret = program.type(f.ret());
            functions[i] = new VmFunction(i, f, refParams, primParams, ret.kind() == TypeDesc.Kind.VOID ? 0 : ret.isRef() ? 2 : 1);
        }
        primConstants = program.primConstants();
        constants = internConstants(mutator);
    }

    private RootArea internConstants(Mutator mutator) {
        int count = program.refConstants().size();
        RootArea area = mutator.newRootArea(count, 0);
        RawMutator raw = VmAccess.raw(mutator);
        for (int i = 0; i < count; i++) {
            RefConstant k = program.refConstants().get(i);
            long obj = switch (k.kind()) {
                case STRING -> Strings.allocate(raw, runtime, k.text().getBytes(StandardCharsets.UTF_8));
                case VARIANT, CLOSURE -> {
                    long o = raw.allocateRaw(layoutTypes[k.layout()]);
                    Raw.putLong(o + 8, layoutInit[k.layout()]);
                    yield o;
                }
            };
            long a = VmAccess.address(area); // after the allocation: the area may have moved
            Raw.putLong(a + VmAccess.AREA_ROOTS + 8L * i, obj);
            Raw.putLong(a + VmAccess.AREA_LIVE, i + 1);
        }
        return area;
    }

    /** The layout index of a heap type id, or -1 if it is not one of this program's layouts. */
    public int layoutOf(int typeId) {
        Integer l = layoutOfType.get(typeId);
        return l == null ? -1 : l;
    }

    @Override
    public void close() {
        constants.close();
    }
}
