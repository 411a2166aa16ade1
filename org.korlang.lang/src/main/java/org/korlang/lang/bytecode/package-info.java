/**
 * The Korlang bytecode: the instruction set and program format produced by the compiler and run
 * by the VM. Owned by the VM engineer (`vm` branch); this is a placeholder so the front end can
 * name {@link org.korlang.lang.bytecode.Program} until the real package arrives.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.korlang.lang.bytecode;
