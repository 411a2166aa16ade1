/**
 * What every CPU port shares, written once: {@link org.korlang.arch.common.ShimArch} implements
 * {@link org.korlang.arch.Arch} over a shim library's entry points ({@link
 * org.korlang.arch.common.ShimFunctions}), {@link org.korlang.arch.common.ShimLibraryLoader} finds
 * and loads that library, {@link org.korlang.arch.common.HostPlatform} decides whether this machine
 * can be served, and {@link org.korlang.arch.common.ArchServiceRegistrar} registers the service
 * only where it can work. Each is parameterised by a {@link org.korlang.arch.common.ShimCpu}: the
 * handful of facts that differ between processors (name, the JVM's names for it, word size, ELF
 * machine number, Mach-O CPU type); the library and resource names follow from the processor name
 * and, per operating system, {@link org.korlang.arch.common.ShimOs} (an ELF library for Linux, a
 * Mach-O dylib for macOS, both in every arch bundle).
 *
 * <p>This package is deliberately <em>not</em> exported. It is not a runtime bundle of its own:
 * each arch bundle inlines it privately with bnd's {@code -conditionalpackage}, so the ports never
 * share classes (or state) at run time and the package can change without a version. Inlining is
 * also what makes {@code System.loadLibrary} in {@link org.korlang.arch.common.ShimLibraryLoader}
 * work inside OSGi: the calling class belongs to the arch bundle, whose class loader answers from
 * that bundle's {@code Bundle-NativeCode}.
 */
package org.korlang.arch.common;
