package org.korlang.os;

/**
 * The portable part of {@code struct stat}. {@code mode} holds the file type and permission bits
 * as POSIX defines them ({@code S_IFMT} = 0170000).
 */
public record FileStat(long device, long inode, int mode, long links, int uid, int gid,
                       long size, long blockSize, long blocks, long modifiedEpochNanos) {
    public static final int S_IFMT = 0170000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFDIR = 0040000;

    public boolean isRegularFile() { return (mode & S_IFMT) == S_IFREG; }
    public boolean isDirectory() { return (mode & S_IFMT) == S_IFDIR; }
    public int permissions() { return mode & 07777; }
}
