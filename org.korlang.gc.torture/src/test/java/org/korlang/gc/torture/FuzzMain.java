package org.korlang.gc.torture;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The child JVM of {@link HeapApiFuzzTest}: runs {@link HeapApiFuzz} on the JUnit Platform and exits
 * with 0 when every property held, 1 otherwise (the failures printed). If the JVM dies instead, the
 * parent sees a crash.
 */
public final class FuzzMain {

    private FuzzMain() {
    }

    public static void main(String[] args) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(HeapApiFuzz.class)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        summary.printTo(out);
        summary.printFailuresTo(out, 40);
        long ran = summary.getTestsSucceededCount() + summary.getTestsFailedCount();
        System.out.println("FUZZ-RESULT ran=" + ran + " failed=" + summary.getTotalFailureCount());
        System.exit(ran > 0 && summary.getTotalFailureCount() == 0 ? 0 : 1);
    }
}
