/**
 * The Korlang VM: {@link org.korlang.vm.Vm} (the service) and {@link org.korlang.vm.KorlangVm} (the
 * same outside OSGi) run verified {@link org.korlang.lang.bytecode.Program}s on the managed heap, with
 * the program's standard streams on a {@link org.korlang.vm.Console} ({@link org.korlang.vm.OsConsole}:
 * the process's, through the Os port).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.korlang.vm;
