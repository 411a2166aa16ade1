package org.korlang.platform;

/**
 * One installed port bundle and what it is doing on this machine: a line of {@code korlang:ports}.
 *
 * @param bundle  the bundle's symbolic name
 * @param version the bundle's version
 * @param kind    {@code arch} or {@code os}
 * @param target  the processor (arch) or OS name (os) the port is built for
 * @param state   the bundle's state ({@code ACTIVE}, {@code RESOLVED}, …)
 * @param serving whether the bundle has registered its {@code Arch} or {@code Os} service
 * @param status  why it serves or not, e.g. {@code inactive: built for aarch64, this machine is x86_64}
 */
public record PortStatus(String bundle, String version, String kind, String target, String state, boolean serving,
        String status) {
}
