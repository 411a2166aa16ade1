package org.korlang.vm;

/**
 * How a run ended.
 *
 * @param exitCode     the process exit status: main's Int result (0 for a Void main), 70 after a runtime
 *                     error, or the code given to {@code exit}
 * @param errorMessage the runtime error's message (the text after {@code error: }), or null
 * @param errorReport  the whole report as printed: {@code error: …} and the {@code   at …} lines, or null
 */
public record Outcome(int exitCode, String errorMessage, String errorReport) {

    public static final int RUNTIME_ERROR = 70;
    public static final int COMPILE_ERROR = 65;

    public boolean failed() {
        return errorMessage != null;
    }
}
