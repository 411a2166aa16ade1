package org.korlang.gc.vmaccess;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The unchecked side of a {@link org.korlang.gc.RootArea} of this bundle's heap: what
 * {@link VmAccess#address(org.korlang.gc.RootArea)} reads. Implemented by the heap, so that this
 * package needs none of the heap's internals.
 *
 * @since 1.1
 */
@ProviderType
public interface RawArea {

    /** The raw address of the area's object; valid until the next safepoint of any attached mutator. */
    long rawAddress();
}
