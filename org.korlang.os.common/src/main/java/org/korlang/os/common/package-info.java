/**
 * What every OS port shares, written once: {@link org.korlang.os.common.SyscallOs} implements each
 * typed call of {@link org.korlang.os.Os} over {@link org.korlang.arch.Arch#syscall6} (or
 * {@code syscall6Darwin}), parameterised by a {@link org.korlang.os.common.KernelTable} that holds
 * one kernel's numbers for one processor: system-call numbers, flag bits, errno names and the
 * {@code struct stat} layout.
 *
 * <p>This package is deliberately <em>not</em> exported. It is not a runtime bundle of its own:
 * each OS bundle inlines it privately with bnd's {@code -conditionalpackage}, so the two ports
 * never share classes at run time and the package can change without a version. The one state
 * the ports do share, the registry of the ranges they mapped, is not here: it is the
 * {@code MappingRegistry} service of the runtime bundle org.korlang.os.mappings, which every
 * revision of every OS bundle binds.
 */
package org.korlang.os.common;
