/**
 * The Korlang v1 compiler API: source text in, a compiled {@link org.korlang.lang.bytecode.Program}
 * or diagnostics out.
 *
 * <p>Start from {@link org.korlang.lang.KorlangCompiler}: in OSGi it is a service; outside OSGi,
 * {@code new KorlangCompiler()} gives the same compiler. {@link org.korlang.lang.KorlangCompiler#check}
 * runs the front end only (lexing, parsing, name resolution, type checking) and reports every
 * error and warning of the file; {@link org.korlang.lang.KorlangCompiler#compile} also generates
 * the program when there is no error. Neither ever throws for any input text: every mistake is a
 * {@link org.korlang.lang.Diagnostic} with a 1-based line and column.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.korlang.lang;
