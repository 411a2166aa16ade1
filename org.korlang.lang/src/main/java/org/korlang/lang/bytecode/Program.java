package org.korlang.lang.bytecode;

/**
 * A compiled Korlang program. Placeholder owned by the VM engineer (`vm` branch), who replaces
 * this file with the real program format; the front end only passes it through.
 */
public final class Program {
}
