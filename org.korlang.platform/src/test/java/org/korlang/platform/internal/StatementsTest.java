package org.korlang.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class StatementsTest {

    @Test
    void splitsAtTopLevelSemicolonsAndNewlines() {
        assertEquals(List.of("korlang:os", "gc:collect full", "sched:stats"),
                Statements.split("korlang:os; gc:collect full\nsched:stats;"));
    }

    @Test
    void keepsQuotedAndBracketedSemicolons() {
        assertEquals(List.of("echo 'a;b'", "each [1 2] { echo $it; echo x }", "echo (gc:stats)", "echo \"x;y\" z\\;w"),
                Statements.split("echo 'a;b'; each [1 2] { echo $it; echo x } ; echo (gc:stats); echo \"x;y\" z\\;w"));
    }

    @Test
    void dropsEmptyStatements() {
        assertEquals(List.of(), Statements.split(" ; ;\n "));
    }
}
