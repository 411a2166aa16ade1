/**
 * The operating-system port API: typed system calls that an OS bundle implements on top of an
 * {@link org.korlang.arch.Arch}.
 *
 * <p>Every call takes portable Java types (enum sets for flags, {@link java.nio.ByteBuffer}s for
 * data) and the OS port translates them into its kernel's numbers. A kernel failure becomes an
 * {@link org.korlang.os.OsException} carrying the errno number, its symbolic name and the
 * system call's name; a bad argument from Java becomes an {@link IllegalArgumentException} before
 * anything reaches the kernel. No input may crash the JVM.
 *
 * <p>1.4 added {@link org.korlang.os.SyscallTable}: one kernel's system-call numbers on one
 * processor, contributed as a service by whichever bundle knows them (a new CPU port for the
 * kernels that exist, a new OS port for the processors that exist).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.korlang.os;
