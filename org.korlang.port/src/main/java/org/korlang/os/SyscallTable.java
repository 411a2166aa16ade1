package org.korlang.os;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/*
 * Why system-call numbers are a service of their own.
 *
 * A system-call number belongs to a pair: one kernel on one processor (getpid is 39 on Linux
 * x86_64, 172 on Linux aarch64, 0x2000014 on Darwin x86_64). Whoever adds either half of a pair
 * knows it: a new CPU port knows the numbers of the kernels that already have ports, a new OS port
 * knows its kernel's numbers on the processors that already have ports. So the numbers are
 * contributed as services by whichever bundle knows them, and the OS port takes the one for its
 * kernel and the processor of the Arch it binds — no existing bundle is edited to add a port, and
 * no bundle keeps a list of the processors or kernels that exist.
 *
 * The contribution is plain data keyed by the kernel's own names, so that it needs no class of
 * any OS port: numbers() by the names of the kernel's system-call table (arch/x86/entry/syscalls,
 * include/uapi/asm-generic/unistd.h, XNU's syscalls.master), constants() by the C names of the
 * kernel's headers, only where this processor's ABI differs from the kernel's generic headers.
 * Which names an OS port needs is that port's vocabulary, documented by the port (README, "How to
 * add a port"); a table that lacks a number the port needs is refused when the port binds it, with
 * the missing name in the message.
 */

/**
 * One kernel's system-call numbers (and processor-specific constants) on one processor, registered
 * as a service with the properties {@link #KERNEL} ({@code linux}, {@code macos}: the
 * {@link Os#OS_NAME} of the OS port that uses it) and {@link #PROCESSOR} (as
 * {@link org.korlang.arch.Arch#name()} spells it). An OS port serves on a processor only while a
 * table for its kernel and that processor is registered.
 *
 * @since 1.4
 */
@ConsumerType
public interface SyscallTable {

    /** Service property: the kernel, as the OS port's {@link Os#OS_NAME} names it ({@code linux}). */
    String KERNEL = "syscall.kernel";

    /** Service property: the processor, as {@link org.korlang.arch.Arch#PROCESSOR} names it ({@code riscv64}). */
    String PROCESSOR = "syscall.processor";

    /** System-call numbers by the kernel's own names, e.g. {@code "getpid" -> 39L}, as the kernel passes them. */
    Map<String, Long> numbers();

    /**
     * Constants by the C names of the kernel's headers where this processor's ABI defines its own
     * (for Linux e.g. {@code O_DIRECTORY}, or the {@code struct stat} layout); empty when the
     * kernel's generic values hold.
     */
    default Map<String, Long> constants() {
        return Map.of();
    }
}
