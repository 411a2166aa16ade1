/**
 * The Korlang bytecode: a typed, register-based instruction set ({@link org.korlang.lang.bytecode.Op})
 * and the program format ({@link org.korlang.lang.bytecode.Program}) that code generation produces and
 * the VM ({@code org.korlang.vm}) loads, verifies and runs, and its file form ({@link org.korlang.lang.bytecode.ProgramFile},
 * {@code .kbc}, since 1.2). The specification is {@code docs/bytecode.md}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.korlang.lang.bytecode;
