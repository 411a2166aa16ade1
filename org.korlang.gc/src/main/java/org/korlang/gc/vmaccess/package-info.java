/**
 * Unchecked heap access for the Korlang VM only (exported with the mandatory attribute
 * {@code korlang.friend=vm}; see {@link org.korlang.gc.vmaccess.VmAccess}). 1.1 added
 * {@link org.korlang.gc.vmaccess.RawArea}, so that this package needs none of the heap's internals.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.korlang.gc.vmaccess;
