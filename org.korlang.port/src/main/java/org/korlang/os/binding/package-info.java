/**
 * How a consumer of {@link org.korlang.os.Os} survives its ports leaving and returning:
 * {@link org.korlang.os.binding.PortHandle}, an {@code Os} that calls through the best bound port of
 * this machine's kernel and processor and waits while none serves. Used by the heap, the VM and sync.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.korlang.os.binding;
