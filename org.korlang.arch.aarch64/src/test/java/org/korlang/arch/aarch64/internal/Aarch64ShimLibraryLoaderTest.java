package org.korlang.arch.aarch64.internal;

import org.korlang.arch.common.ShimLibraryLoaderContract;

/**
 * Where libkorlang_aarch64.so comes from: the shared contract over this bundle's library. On the
 * x86_64 machines this project builds on, every source finds it and this machine's dynamic linker
 * refuses it, with a message that says the file is for aarch64.
 */
class Aarch64ShimLibraryLoaderTest extends ShimLibraryLoaderContract {

    Aarch64ShimLibraryLoaderTest() {
        super(Aarch64Arch.CPU);
    }
}
