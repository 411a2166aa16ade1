package org.korlang.arch.x86_64.internal;

import org.korlang.arch.common.PortHeaderContract;
import org.korlang.arch.common.ShimCpu;

/** The built x86_64 bundle's {@code Korlang-Port} header against {@link X86_64Arch#CPU} (see {@link PortHeaderContract}). */
class KorlangPortHeaderIT extends PortHeaderContract {

    @Override
    protected ShimCpu cpu() {
        return X86_64Arch.CPU;
    }
}
