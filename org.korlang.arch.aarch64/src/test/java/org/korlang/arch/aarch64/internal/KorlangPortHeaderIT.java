package org.korlang.arch.aarch64.internal;

import org.korlang.arch.common.PortHeaderContract;
import org.korlang.arch.common.ShimCpu;

/** The built aarch64 bundle's {@code Korlang-Port} header against {@link Aarch64Arch#CPU} (see {@link PortHeaderContract}). */
class KorlangPortHeaderIT extends PortHeaderContract {

    @Override
    protected ShimCpu cpu() {
        return Aarch64Arch.CPU;
    }
}
