package org.korlang.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.korlang.lang.internal.FrontEnd;
import org.korlang.lang.internal.TypedProgramValidator;

/** The generated 2,000-line program checks cleanly, and its typed program is well formed. */
class LargeProgramTest {
    @Test
    void twoThousandLineProgramChecksCleanly() {
        String text = LargeProgram.generate(50);
        int lines = text.split("\n", -1).length;
        assertTrue(lines >= 1900 && lines <= 2300, "lines: " + lines);
        FrontEnd.Result r = FrontEnd.run(new SourceFile("large.kor", text));
        assertEquals(List.of(), r.diagnostics());
        assertEquals(List.of(), TypedProgramValidator.validate(r.program()));
        assertEquals(50 * 5 + 1, r.program().functions().size());
    }
}
