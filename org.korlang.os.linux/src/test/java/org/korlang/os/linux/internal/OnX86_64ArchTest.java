package org.korlang.os.linux.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.korlang.arch.Arch;

/*
 * The Linux contract over the real x86_64 arch bundle (its assembly shim, loaded from the arch
 * jar on the test classpath). The OS bundle itself never knows an arch bundle: only this test
 * does, and it reaches the arch through its documented entry for code outside OSGi,
 * X86_64Arch.load(), by reflection, so that nothing here compiles against the arch's private
 * package.
 */

/** The Linux contract over org.korlang.arch.x86_64's Arch. */
class OnX86_64ArchTest extends LinuxKernelContract {
    @Override
    Arch newArch() {
        assumeTrue(System.getProperty("os.arch").equals("amd64") || System.getProperty("os.arch").equals("x86_64"),
                "the x86_64 arch runs on x86_64 only");
        try {
            return (Arch) Class.forName("org.korlang.arch.x86_64.internal.X86_64Arch").getMethod("load").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the x86_64 arch could not be loaded: " + e, e);
        }
    }
}
