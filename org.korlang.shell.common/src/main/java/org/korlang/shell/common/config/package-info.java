/**
 * What the bundles whose shell commands save a configuration share:
 * {@link org.korlang.shell.common.config.ConfigurationDelivery}, waiting until the write has reached
 * its component (and writing it again when SCR lost it).
 *
 * <p>A package of its own so that only the bundles that use it (gc, scheduler) inline it and import
 * {@code org.osgi.service.cm}; like {@code org.korlang.shell.common} it is never exported.
 */
package org.korlang.shell.common.config;
