package org.korlang.os;

/** Memory protection bits; the empty set means no access. */
public enum Prot { READ, WRITE, EXEC }
