package org.korlang.os;

/** The fields of {@code uname(2)}. */
public record Uname(String sysname, String nodename, String release, String version, String machine) { }
