package org.korlang.os;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One entry of a directory as {@link Os#readDirectory} reads it: the inode number, the kernel's
 * file-type code ({@code DT_REG} 8, {@code DT_DIR} 4, {@code DT_LNK} 10, 0 unknown — the same
 * numbers on Linux and Darwin) and the name's raw bytes (names are bytes to the kernel and need not
 * be UTF-8).
 */
public record DirEntry(long inode, int type, byte[] name) {
    public static final int DT_UNKNOWN = 0;
    public static final int DT_DIR = 4;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;

    public DirEntry {
        name = name.clone();
    }

    @Override
    public byte[] name() {
        return name.clone();
    }

    /** The name decoded as UTF-8 (invalid bytes replaced), for messages and tests. */
    public String nameText() {
        return new String(name, StandardCharsets.UTF_8);
    }

    /** Whether this is {@code .} or {@code ..}. */
    public boolean isDotOrDotDot() {
        return (name.length == 1 && name[0] == '.') || (name.length == 2 && name[0] == '.' && name[1] == '.');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirEntry d && d.inode == inode && d.type == type && Arrays.equals(d.name, name);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(inode) * 31 + Arrays.hashCode(name);
    }

    @Override
    public String toString() {
        return "DirEntry[" + nameText() + ", inode " + inode + ", type " + type + "]";
    }
}
