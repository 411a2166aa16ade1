package org.korlang.os;

/** Clocks of {@link Os#clockGettime}. */
public enum Clock { MONOTONIC, REALTIME }
