package org.korlang.platform;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The ports of this machine as {@code korlang:ports} reports them, computed fresh on every call from
 * the framework's registry (never stale after a port comes or goes).
 */
@ProviderType
public interface PortRegistry {

    /** Every installed port bundle, arch ports first, each kind by symbolic name. */
    List<PortStatus> ports();

    /** What this machine still lacks before an {@code Os} service can serve; empty when ready. */
    List<String> missing();

    /** This machine as {@code <os> on <processor>}, e.g. {@code linux on x86_64}. */
    String machine();
}
