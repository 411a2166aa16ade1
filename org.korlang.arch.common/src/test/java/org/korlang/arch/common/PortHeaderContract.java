package org.korlang.arch.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.File;
import java.util.Optional;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/**
 * A CPU port's built bundle declares in its {@code Korlang-Port} header (bnd.bnd) what the shim's own
 * {@link ShimCpu} says: the same processor and the same {@code os.arch} names. The platform's
 * {@code korlang:ports} and every arch bundle's refusal line name the machine from the header, the
 * OS ports match the Arch service's {@code arch.os.arch} (from the ShimCpu): the two must not drift.
 * Each arch module runs it as {@code KorlangPortHeaderIT} from the arch parent's surefire execution
 * {@code built-bundle} at integration-test, after bnd wrote the jar ({@code korlang.test.bundle}).
 */
public abstract class PortHeaderContract {

    /** The port's processor, as its shim declares it. */
    protected abstract ShimCpu cpu();

    @Test
    public void theBuiltManifestDeclaresTheShimCpusNames() throws Exception {
        String bundle = System.getProperty("korlang.test.bundle");
        assertNotNull(bundle, "surefire sets korlang.test.bundle");
        try (JarFile jar = new JarFile(new File(bundle))) {
            String header = jar.getManifest().getMainAttributes().getValue(PortHeader.HEADER);
            assertNotNull(header, bundle + " has no " + PortHeader.HEADER + " header");
            assertEquals(Optional.of(PortHeader.of(cpu())), PortHeader.parse(header),
                    "bnd.bnd's Korlang-Port must be " + PortHeader.of(cpu()).format() + ", is " + header);
        }
    }
}
