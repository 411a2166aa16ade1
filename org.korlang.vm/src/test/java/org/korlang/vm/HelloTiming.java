package org.korlang.vm;

import java.util.List;

import org.korlang.gc.HeapConfig;
import org.korlang.gc.standalone.Heaps;

/** Start-up cost of the run path without the front end: Os + Arch + heap + VM + a println (manual). */
public final class HelloTiming {
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        try (Heaps.ClosableHeap heap = Heaps.create(Heaps4Test.os(), HeapConfig.defaults())) {
            long t1 = System.nanoTime();
            Outcome o = new KorlangVm(heap).run(Asm.fibProgram(1), List.of(), new OsConsole(Heaps4Test.os()), VmOptions.defaults());
            long t2 = System.nanoTime();
            System.err.printf("os+heap %d ms, vm run %d ms, exit %d%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, o.exitCode());
        }
    }
}
