/**
 * The CPU-architecture port API: what an arch bundle offers to the rest of the platform.
 *
 * <p>An {@link org.korlang.arch.Arch} is pure mechanism: a raw system call, a user-level context
 * switch, a spin-wait hint and a cycle counter, reached through a small shared library written in
 * assembly. It carries no policy and knows no operating system beyond the calling convention of
 * its {@code syscall} instruction.
 *
 * <p>1.1 added {@link org.korlang.arch.Arch#JVM_ARCH_NAMES}: an Arch names the {@code os.arch}
 * values it answers to.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.korlang.arch;
