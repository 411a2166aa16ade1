package org.korlang.scheduler.spi;

/** Why a task is handed to a policy. */
public enum SubmitKind {
    /** A new task (or one moved from an earlier policy): run it soon, LIFO on the spawning worker. */
    SPAWN,
    /** A yielding task that gave its worker back: run it after the work already waiting. */
    YIELD
}
