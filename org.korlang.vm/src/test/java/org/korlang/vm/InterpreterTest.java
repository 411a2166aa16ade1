package org.korlang.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The interpreter on hand-written bytecode. */
class InterpreterTest {

    @Test
    void fibRecursion() {
        TestConsole c = new TestConsole();
        Outcome o = Asm.run(Asm.fibProgram(20), "generational", c);
        assertNull(o.errorMessage(), c.err());
        assertEquals("6765\n", c.out());
        assertEquals(0, o.exitCode());
    }
}
