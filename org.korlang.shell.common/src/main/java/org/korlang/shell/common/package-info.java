/**
 * What every bundle with Gogo shell commands shares: {@link org.korlang.shell.common.UsageException}
 * (and, in {@code org.korlang.shell.common.config}, waiting for a saved configuration to arrive).
 *
 * <p>Deliberately <em>not</em> exported and not a runtime bundle: like org.korlang.arch.common and
 * org.korlang.os.common, each bundle that uses it (gc, scheduler, vm, platform) inlines it
 * privately with bnd's {@code -conditionalpackage} and depends on this module in {@code provided}
 * scope, so the layers' rule — a bundle imports only exported API packages of the layers below —
 * is untouched.
 */
package org.korlang.shell.common;
