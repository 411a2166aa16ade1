/**
 * A {@link org.korlang.scheduler.Scheduler} outside OSGi (tests, benchmarks, embedding): the same
 * scheduler and built-in policies as the DS service, started from a builder and closed explicitly.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.korlang.scheduler.standalone;
