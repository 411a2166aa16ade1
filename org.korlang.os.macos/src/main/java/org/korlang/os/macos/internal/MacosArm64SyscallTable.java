package org.korlang.os.macos.internal;

import java.util.Map;

import org.korlang.os.SyscallTable;
import org.osgi.service.component.annotations.Component;

/*
 * This bundle's own contribution for macOS on aarch64: the numbers of DarwinTables.ARM64_NUMBERS as a
 * SyscallTable service. The macOS Os component binds whichever table is registered for macos and
 * the processor of its Arch — this one, or one a CPU port contributes (README, "How to add a port").
 */

/** The macOS system-call table for aarch64, contributed by the macOS port itself. */
@Component(service = SyscallTable.class,
        property = {SyscallTable.KERNEL + "=macos", SyscallTable.PROCESSOR + "=aarch64"})
public final class MacosArm64SyscallTable implements SyscallTable {

    @Override
    public Map<String, Long> numbers() {
        return DarwinTables.ARM64_NUMBERS.numbers();
    }
}
