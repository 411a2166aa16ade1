/**
 * What the platform knows about this machine's ports, for other bundles (the observability
 * console shows it): the {@link org.korlang.platform.PortRegistry} service reports every installed
 * OS and arch port bundle with the same status {@code korlang:ports} prints.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.korlang.platform;
