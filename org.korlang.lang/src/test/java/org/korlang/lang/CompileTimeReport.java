package org.korlang.lang;

import java.lang.management.ManagementFactory;

/**
 * Prints how long the front end takes on the generated 2,000-line program: the first check in a
 * fresh JVM (class loading and interpretation included — what {@code korlang run} pays) and the
 * steady state after warm-up. Wall time, and process CPU time (meaningful when other work loads
 * the machine). Run by hand:
 * <pre>
 * mvn -pl org.korlang.lang -q test-compile
 * java -cp org.korlang.lang/target/classes:org.korlang.lang/target/test-classes org.korlang.lang.CompileTimeReport [units]
 * </pre>
 */
public final class CompileTimeReport {
    private CompileTimeReport() {
    }

    public static void main(String[] args) {
        int units = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        String text = LargeProgram.generate(units);
        int lines = text.split("\n", -1).length;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        KorlangCompiler compiler = new KorlangCompiler();
        SourceFile source = new SourceFile("large.kor", text);
        long w0 = System.nanoTime();
        long c0 = os.getProcessCpuTime();
        CompileResult first = compiler.check(source);
        long c1 = os.getProcessCpuTime();
        long w1 = System.nanoTime();
        System.out.printf("%d lines, %d diagnostics%n", lines, first.diagnostics().size());
        System.out.printf("first check (cold JVM): %.1f ms wall, %.1f ms process CPU (incl. JIT and GC threads)%n", (w1 - w0) / 1e6, (c1 - c0) / 1e6);
        for (int i = 0; i < 30; i++) {
            compiler.check(source);
        }
        int runs = 20;
        long best = Long.MAX_VALUE;
        long sum = 0;
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            compiler.check(source);
            long t = System.nanoTime() - s;
            best = Math.min(best, t);
            sum += t;
        }
        System.out.printf("warm check: best %.2f ms, mean %.2f ms (%d runs)%n", best / 1e6, sum / 1e6 / runs, runs);
    }
}
