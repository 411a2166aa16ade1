package org.korlang.scheduler;

import java.util.Set;
import java.util.TreeSet;

/** Thrown when a scheduler policy is asked for by a name that no available policy has. */
public class UnknownPolicyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final Set<String> available;

    public UnknownPolicyException(String name, Set<String> available) {
        super("unknown scheduler policy '" + name + "'; available: "
                + (available.isEmpty() ? "none" : String.join(", ", new TreeSet<>(available))));
        this.name = name;
        this.available = Set.copyOf(available);
    }

    /** The name that was asked for. */
    public String name() {
        return name;
    }

    /** The policies that were available. */
    public Set<String> available() {
        return available;
    }
}
