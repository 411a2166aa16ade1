package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.korlang.itest.cpuport.TestCpuPort;
import org.korlang.os.Os;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/**
 * A CPU port is one new bundle (issue #15): a bundle built here, at test time, from the classes of
 * {@code org.korlang.itest.cpuport} and a manifest — an Arch for a new processor name (x64test)
 * that answers this machine's os.arch, and Linux's system-call table for it — is installed into the
 * running framework, and the unchanged Linux port serves on it: getpid through it is this process's
 * pid, korlang:ports shows the binding. Uninstalled, the Linux port returns to x86_64. The same
 * port without a table is never bound, and korlang:ports says why. And the new bundle's processor
 * name is the machine's name for every other port: the aarch64 bundle, restarted beside it, says
 * "this machine is x64test" (no existing bundle keeps a list of processors).
 */
class OneBundlePortTest {

    private final BundleContext context = Services.context();

    @Test
    void theLinuxPortServesOnANewCpuBundleItNeverHeardOf() throws Exception {
        Bundle port = install("x64test", true);
        try {
            Os os = Services.await(context, Os.class, "(&(" + Os.OS_NAME + "=linux)(" + Os.OS_ARCH + "=x64test))");
            ServiceReference<?> ref = context.getServiceReferences(Os.class.getName(), "(" + Os.OS_ARCH + "=x64test)")[0];
            assertEquals("org.korlang.os.linux", ref.getBundle().getSymbolicName(), "the existing Linux port serves it");
            assertEquals("x64test", os.archName());
            assertEquals(ProcessHandle.current().pid(), os.getpid(), "a real getpid, numbered by the new bundle's table");
            assertTrue(os.pageSize() >= 4096, "the page size, read from /proc/self/auxv through the new table's openat/read");
            String ports = Ports.awaitShown(context, "serving: Os service registered on Arch x64test");
            assertContains(ports, "org.korlang.itest.port.x64test arch  x64test");
            assertContains(ports, "machine: linux on x64test — ready");
            theOtherPortsCallThisMachine("x64test");
        } finally {
            port.uninstall();
        }
        Services.await(context, Os.class, "(&(" + Os.OS_NAME + "=linux)(" + Os.OS_ARCH + "=x86_64))");
    }

    /**
     * Nothing in the existing bundles lists processors: with the new CPU bundle ranked first for
     * this machine's os.arch, the aarch64 bundle, restarted, calls this machine by the name only the
     * new bundle's Arch service and Korlang-Port header give — and so does korlang:ports.
     */
    private void theOtherPortsCallThisMachine(String processor) throws Exception {
        Bundle aarch64 = Services.bundle(context, "org.korlang.arch.aarch64");
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        // the aarch64 component logs through the System.err of its construction (System.err::println)
        System.setErr(new PrintStream(new TeeStream(err, said), true));
        String expected = "korlang arch.aarch64: no Arch service registered: built for aarch64, this machine is " + processor;
        try {
            aarch64.stop();
            aarch64.start();
            Services.eventually(() -> "the aarch64 bundle to say '" + expected + "'; it said: " + said,
                    () -> said.toString().contains(expected));
        } finally {
            System.setErr(err);
        }
        assertContains(Shell.run(context, "korlang:ports"), "inactive: built for aarch64, this machine is " + processor);
    }

    @Test
    void aCpuWithoutASyscallTableIsNeverBoundAndThePortsSayWhy() throws Exception {
        Bundle port = install("x64bare", false);
        try {
            String ports = Ports.awaitShown(context, "waiting: no syscall table for linux on x64bare");
            assertContains(ports, "missing: the OS port for linux is installed but not serving: no syscall table for linux on x64bare is registered");
            assertFalse(Services.present(context, Os.class, "(" + Os.OS_ARCH + "=x64bare)"));
            Exception refused = assertThrows(Exception.class, () -> Shell.run(context, "korlang:os"));
            assertContains(refused.getMessage(), "no syscall table for linux on x64bare");
        } finally {
            port.uninstall();
        }
        Services.await(context, Os.class, "(&(" + Os.OS_NAME + "=linux)(" + Os.OS_ARCH + "=x86_64))");
    }

    /** Builds the CPU port bundle for {@code processor} from the classes of org.korlang.itest.cpuport, installs and starts it. */
    private Bundle install(String processor, boolean withTable) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "org.korlang.itest.port." + processor);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", TestCpuPort.class.getName());
        main.putValue("Import-Package", "org.korlang.arch;version=\"[1.1,2)\",org.korlang.os;version=\"[1.4,2)\","
                + "org.osgi.framework;version=\"[1.8,2)\"");
        main.putValue("Korlang-Port", "arch;processor=" + processor + ";os.arch=\"amd64,x86_64\"");
        main.putValue("Itest-Processor", processor);
        main.putValue("Itest-Table", withTable ? "linux" : "none");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            Bundle self = FrameworkUtil.getBundle(OneBundlePortTest.class);
            Enumeration<URL> classes = self.findEntries("org/korlang/itest/cpuport", "*.class", false);
            while (classes.hasMoreElements()) {
                URL url = classes.nextElement();
                jar.putNextEntry(new JarEntry(url.getPath().substring(1)));
                try (InputStream in = url.openStream()) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        Bundle bundle = context.installBundle("itest:cpu-port-" + processor, new ByteArrayInputStream(bytes.toByteArray()));
        bundle.start();
        return bundle;
    }

    /** Writes to the real standard error and keeps a copy. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final ByteArrayOutputStream copy;

        TeeStream(OutputStream first, ByteArrayOutputStream copy) {
            this.first = first;
            this.copy = copy;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            copy.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            copy.write(b, off, len);
        }
    }

    private static void assertContains(String text, String part) {
        if (!text.contains(part)) {
            throw new AssertionError("expected '" + part + "' in:\n" + text);
        }
    }
}
