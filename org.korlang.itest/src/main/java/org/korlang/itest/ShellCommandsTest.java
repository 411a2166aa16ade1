package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.korlang.os.Os;
import org.osgi.framework.BundleContext;

/** The korlang: commands, run through a real Gogo session. */
class ShellCommandsTest {

    private final BundleContext context = Services.context();

    @Test
    void korlangOsPrintsThePidTheJdkSees() throws Exception {
        Services.await(context, Os.class, "(" + Os.OS_NAME + "=linux)");
        String out = Shell.run(context, "korlang:os");
        assertTrue(Pattern.compile("(?m)^pid\\s+" + ProcessHandle.current().pid() + "$").matcher(out).find(), out);
        assertTrue(out.contains("os         linux (Linux"), out);
        assertTrue(out.contains("arch       x86_64"), out);
        assertTrue(out.contains("org.korlang.os.linux") && out.contains("org.korlang.arch.x86_64"), out);
    }

    @Test
    void korlangPortsSaysWhichPortsServeAndWhyTheOthersDoNot() throws Exception {
        Services.await(context, Os.class, "(" + Os.OS_NAME + "=linux)");
        String out = Shell.run(context, "korlang:ports");
        assertTrue(Pattern.compile("org.korlang.arch.x86_64 .*serving").matcher(out).find(), out);
        assertTrue(Pattern.compile("org.korlang.arch.aarch64 .*inactive: built for aarch64, this machine is x86_64").matcher(out).find(), out);
        assertTrue(Pattern.compile("org.korlang.os.linux .*serving").matcher(out).find(), out);
        assertTrue(Pattern.compile("org.korlang.os.macos .*inactive: for macos, this kernel is linux").matcher(out).find(), out);
        assertTrue(out.contains("machine: linux on x86_64 — ready"), out);
    }

    @Test
    void aFailingCommandFailsTheSession() {
        assertThrows(Exception.class, () -> Shell.run(context, "korlang:nosuchcommand"));
    }
}
