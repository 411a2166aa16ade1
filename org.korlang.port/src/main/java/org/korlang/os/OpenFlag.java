package org.korlang.os;

/** Flags of {@link Os#openat}. Exactly one of READ_ONLY, WRITE_ONLY or READ_WRITE is required. */
public enum OpenFlag { READ_ONLY, WRITE_ONLY, READ_WRITE, CREATE, EXCLUSIVE, TRUNCATE, APPEND, CLOEXEC, DIRECTORY, NOFOLLOW }
