package org.korlang.arch.aarch64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.File;
import java.util.Optional;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.korlang.arch.common.PortHeader;

/**
 * The built bundle's {@code Korlang-Port} header (bnd.bnd) says what the shim's own {@link
 * Aarch64Arch#CPU} says: the same processor and the same {@code os.arch} names. The platform's
 * {@code korlang:ports} and every arch bundle's refusal line name the machine from the header, the
 * OS ports match the Arch service's {@code arch.os.arch} (from the ShimCpu): the two must not drift.
 * Run by the arch parent's surefire execution {@code built-bundle} at integration-test, after bnd
 * wrote the jar ({@code korlang.test.bundle}).
 */
class KorlangPortHeaderIT {

    @Test
    void theBuiltManifestDeclaresTheShimCpusNames() throws Exception {
        String bundle = System.getProperty("korlang.test.bundle");
        assertNotNull(bundle, "surefire sets korlang.test.bundle");
        try (JarFile jar = new JarFile(new File(bundle))) {
            String header = jar.getManifest().getMainAttributes().getValue(PortHeader.HEADER);
            assertNotNull(header, bundle + " has no " + PortHeader.HEADER + " header");
            assertEquals(Optional.of(PortHeader.of(Aarch64Arch.CPU)), PortHeader.parse(header),
                    "bnd.bnd's Korlang-Port must be " + PortHeader.of(Aarch64Arch.CPU).format() + ", is " + header);
        }
    }
}
