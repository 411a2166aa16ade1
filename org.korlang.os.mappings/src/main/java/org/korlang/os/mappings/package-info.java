/**
 * The process's registry of the address ranges its OS ports mapped:
 * {@link org.korlang.os.mappings.MappingRegistry}, with their protections, leases (holds and
 * {@code memory()} views) and pins, the gate every use of such memory passes.
 *
 * <p>In OSGi, the bundle org.korlang.os.mappings registers one registry as a
 * {@code MappingRegistry} service, and every OS port (each revision of org.korlang.os.linux and
 * org.korlang.os.macos, a second Linux port bundle, each instance of their Os components) binds it
 * with a mandatory reference, so ranges mapped through one port are known to every other. Only OS
 * port bundles use this package; consumers of memory (gc, sync, vm) see {@code org.korlang.os.Os}.
 * Outside OSGi whoever builds a port builds its registry ({@code new MappingRegistry()}).
 *
 * <p>1.0: the registry moved here from the OS ports' private (inlined) support package, and gained
 * {@link org.korlang.os.mappings.MappingRegistry#usage()}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.korlang.os.mappings;
