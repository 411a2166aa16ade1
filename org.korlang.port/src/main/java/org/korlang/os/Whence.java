package org.korlang.os;

/** Origins of {@link Os#lseek}. */
public enum Whence { SET, CURRENT, END }
