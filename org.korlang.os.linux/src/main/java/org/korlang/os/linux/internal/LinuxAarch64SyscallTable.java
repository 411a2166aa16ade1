package org.korlang.os.linux.internal;

import java.util.Map;

import org.korlang.os.SyscallTable;
import org.osgi.service.component.annotations.Component;

/*
 * This bundle's own contribution for Linux on aarch64: the numbers of LinuxTables.AARCH64_NUMBERS as a
 * SyscallTable service. The Linux Os component binds whichever table is registered for linux and
 * the processor of its Arch — this one, or one a CPU port contributes for a processor added after
 * this bundle was written (README, "How to add a port").
 */

/** The Linux system-call table for aarch64, contributed by the Linux port itself. */
@Component(service = SyscallTable.class,
        property = {SyscallTable.KERNEL + "=linux", SyscallTable.PROCESSOR + "=aarch64"})
public final class LinuxAarch64SyscallTable implements SyscallTable {

    @Override
    public Map<String, Long> numbers() {
        return LinuxTables.AARCH64_NUMBERS.numbers();
    }

    @Override
    public Map<String, Long> constants() {
        return LinuxTables.AARCH64_NUMBERS.constants();
    }
}
