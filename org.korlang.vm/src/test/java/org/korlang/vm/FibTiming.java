package org.korlang.vm;

import java.util.List;
import org.korlang.gc.standalone.Heaps;


/** Manual timing of fib(35) on hand-written bytecode (not a test; run with java -cp). */
public final class FibTiming {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 35;
        try (Heaps.ClosableHeap heap = Heaps4Test.create(Heaps4Test.small(), "generational")) {
            KorlangVm vm = new KorlangVm(heap);
            for (int i = 0; i < 5; i++) {
                TestConsole c = new TestConsole();
                var mx = java.lang.management.ManagementFactory.getThreadMXBean();
                long t0 = System.nanoTime();
                long c0 = mx.getCurrentThreadCpuTime();
                vm.run(Asm.fibProgram(n), List.of(), c, VmOptions.defaults());
                System.out.println(c.out().trim() + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms wall, "
                        + (mx.getCurrentThreadCpuTime() - c0) / 1_000_000 + " ms cpu");
            }
        }
    }
}
