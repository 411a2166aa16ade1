/**
 * The Korlang VM: {@link org.korlang.vm.Vm} (the service) and {@link org.korlang.vm.KorlangVm} (the
 * same outside OSGi) run verified {@link org.korlang.lang.bytecode.Program}s on the managed heap, with
 * the program's standard streams on a {@link org.korlang.vm.Console} ({@link org.korlang.vm.OsConsole}:
 * the process's, through the Os port). {@link org.korlang.vm.KorlangVm#taskCounts()} (1.2) counts the
 * Korlang tasks of all its runs; the {@code Vm} service publishes them as the scheduler API's
 * {@code TaskCountSource} named "korlang", which {@code sched:stats} shows.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.korlang.vm;
