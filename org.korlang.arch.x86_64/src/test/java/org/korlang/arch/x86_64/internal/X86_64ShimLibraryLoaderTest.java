package org.korlang.arch.x86_64.internal;

import org.korlang.arch.common.ShimLibraryLoaderContract;

/** Where libkorlang_x86_64.so comes from: the shared contract over this bundle's library. */
class X86_64ShimLibraryLoaderTest extends ShimLibraryLoaderContract {

    X86_64ShimLibraryLoaderTest() {
        super(X86_64Arch.CPU);
    }
}
