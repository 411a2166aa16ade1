/**
 * Unchecked heap access for the Korlang VM only (exported with the mandatory attribute
 * {@code korlang.friend=vm}; see {@link org.korlang.gc.vmaccess.VmAccess}).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.korlang.gc.vmaccess;
