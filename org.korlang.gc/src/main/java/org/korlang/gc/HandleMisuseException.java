package org.korlang.gc;

/** A handle or handle scope used wrongly: a handle of a closed scope, scopes closed out of LIFO order, a closed global handle, a mutator used from another thread. */
public class HandleMisuseException extends HeapException {
    private static final long serialVersionUID = 1L;

    public HandleMisuseException(String message) {
        super(message);
    }
}
