package org.korlang.sync;

/**
 * Thrown by a send on a closed {@link Channel}, and by a receive on a channel that is closed
 * and has been drained.
 */
public class ChannelClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ChannelClosedException(String message) {
        super(message);
    }
}
