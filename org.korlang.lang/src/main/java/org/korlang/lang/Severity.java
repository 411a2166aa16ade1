package org.korlang.lang;

/** How bad a {@link Diagnostic} is: an error stops compilation, a warning does not. */
public enum Severity {
    ERROR("error"), WARNING("warning");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The word printed in a formatted diagnostic: {@code error} or {@code warning}. */
    public String label() {
        return label;
    }
}
