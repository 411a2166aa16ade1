package org.korlang.lang.internal.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.korlang.lang.SourceFile;
import org.korlang.lang.internal.diag.Reporter;
import org.korlang.lang.internal.diag.SourceLines;
import org.korlang.lang.internal.syntax.Ast.*;

class ParserTest {
    private Reporter reporter;

    private Ast.File parse(String src) {
        reporter = new Reporter(new SourceFile("t.kor", src), new SourceLines(src));
        return Parser.parse(Lexer.lex(src, reporter), reporter);
    }

    private List<String> errors() {
        return reporter.diagnostics().stream().map(d -> d.line() + ":" + d.column() + " " + d.message()).toList();
    }

    /** The statements of main's body as s-expressions. */
    private String body(String stmts) {
        Ast.File f = parse("fun main() {\n" + stmts + "\n}");
        FunDecl main = (FunDecl) f.decls().get(0);
        return main.body().statements().stream().map(ParserTest::show).collect(Collectors.joining(" ; "));
    }

    static String show(Object o) {
        if (o instanceof ExprStmt es) {
            return show(es.expr());
        }
        if (o instanceof Let l) {
            return "(let " + ((LetName) l.target()).name() + " " + show(l.init()) + ")";
        }
        if (o instanceof Binary b) {
            return "(" + b.op().text() + " " + show(b.left()) + " " + show(b.right()) + ")";
        }
        if (o instanceof Unary u) {
            return "(" + u.op().text() + show(u.operand()) + ")";
        }
        if (o instanceof As a) {
            return "(as " + show(a.value()) + " " + ((NamedType) a.type()).name() + ")";
        }
        if (o instanceof Name n) {
            return n.name();
        }
        if (o instanceof IntLit i) {
            return Long.toString(i.value());
        }
        if (o instanceof Call c) {
            return show(c.callee()) + "(" + c.args().stream().map(ParserTest::show).collect(Collectors.joining(", ")) + ")";
        }
        if (o instanceof Field f) {
            return show(f.object()) + "." + f.name();
        }
        if (o instanceof Assign a) {
            return "(" + a.op().text() + " " + show(a.target()) + " " + show(a.value()) + ")";
        }
        if (o instanceof Range r) {
            return "(.. " + show(r.start()) + " " + show(r.end()) + ")";
        }
        if (o instanceof NotNull n) {
            return show(n.value()) + "!!";
        }
        if (o instanceof Paren p) {
            return show(p.inner());
        }
        if (o instanceof If i) {
            return "(if " + show(i.condition()) + ")";
        }
        if (o instanceof StructLit s) {
            return s.type().name() + "{" + s.fields().size() + "}";
        }
        return o == null ? "null" : o.getClass().getSimpleName();
    }

    @Test
    void precedenceFollowsD24() {
        assertEquals("(as (-x) Float)", body("-x as Float"));
        assertEquals("(* a (as b Float))", body("a * b as Float"));
        assertEquals("(<< 1 (+ 2 1))", body("1 << 2 + 1"));
        assertEquals("(== (& a b) c)", body("a & b == c"));
        assertEquals("(?: x (+ 0 1))", body("x ?: 0 + 1"));
        assertEquals("(> (?: n 0) 5)", body("n ?: 0 > 5"));
        assertEquals("(|> (+ a b) f)", body("a + b |> f"));
        assertEquals("(?: a (?: b c))", body("a ?: b ?: c"));
        assertEquals("(|| (&& a b) (&& c d))", body("a && b || c && d"));
        assertEquals("(- (- a b) c)", body("a - b - c"));
        assertEquals(List.of(), errors());
    }

    @Test
    void comparisonsDoNotChain() {
        body("a < b < c");
        assertEquals(List.of("2:7 comparison operators cannot be chained"), errors());
    }

    @Test
    void lineEndsEndStatementsExceptWhereD8ContinuesThem() {
        assertEquals("x ; (-y)", body("x\n-y"));
        assertEquals("(+ x y)", body("x +\ny"));
        assertEquals("(|> x f)", body("x\n|> f"));
        assertEquals("(&& a b)", body("a\n&& b"));
        assertEquals("(?: a b)", body("a\n?: b"));
        assertEquals("xs.len()", body("xs\n.len()"));
        assertEquals("f(1, 2)", body("f(1,\n2)"));
        assertEquals("f ; Paren", body("f\n(1)").replace("1", "Paren"));
        assertEquals("(if c)", body("if c {\n} \nelse {\n}"));
        assertEquals(List.of(), errors());
    }

    @Test
    void assignmentsAreStatementsOnly() {
        assertEquals("(= x 1) ; (+= y 2)", body("x = 1; y += 2"));
        body("a = b = c");
        assertEquals(List.of("2:7 assignment is not an expression"), errors());
        body("if (x = 1) { }");
        assertEquals(List.of("2:7 assignment is not an expression"), errors());
        body("x++");
        assertEquals(List.of("2:2 '++' is not supported; use '+= 1'"), errors());
    }

    @Test
    void structLiteralsAreNotParsedInConditions() {
        assertEquals("(if (== p q))", body("if p == q { }"));
        assertEquals("(let p Point{2})", body("let p = Point { x: 1, y: 2 }"));
        assertEquals("(if (== p Point{0}))", body("if (p == Point {}) { }"));
    }

    @Test
    void everyBrokenStatementIsReportedOnce() {
        parse("fun main() {\n  let a = 1 +\n  let b = (2\n  let c = 3 )\n  println(a b)\n}\nfun f( { }\nstruct S { x: }\n");
        List<String> e = errors();
        assertEquals(List.of("2:14 expected expression, found end of line",
                "3:13 expected ')', found end of line",
                "4:13 expected ';' or a line break after the statement, found ')'",
                "5:13 expected ')', found 'b'",
                "7:8 expected parameter name, found '{'",
                "8:15 expected type, found '}'"), e);
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "(".repeat(100_000) + "1" + ")".repeat(100_000);
        parse("fun main() { let x = " + deep + " }");
        assertTrue(errors().get(0).contains("nested too deeply"), errors().toString());
        String chain = "1" + " + 1".repeat(20_000);
        parse("fun main() { let x = " + chain + " }");
        assertTrue(errors().get(0).contains("too long"), errors().toString());
    }

    @Test
    void reservedWordsAndTopLevelMistakes() {
        parse("class Foo {}\nfun main() { let async = 1 }\n42\n");
        assertEquals(List.of("1:1 'class' is not supported in v1", "2:18 'async' is not supported in v1",
                "3:1 expected a declaration (fun, struct, enum, type, import), found '42'"), errors());
    }

    @Test
    void extensionReceiversIncludingArraysAndGenerics() {
        Ast.File f = parse("fun [Int].sum(self) -> Int { 0 }\nfun Box<T>.get<T>(self) -> T { self.value }\nfun Point.norm(self) -> Float { 0.0 }");
        assertEquals(List.of(), errors());
        assertTrue(((FunDecl) f.decls().get(0)).receiver() instanceof ArrayTypeExpr);
        FunDecl get = (FunDecl) f.decls().get(1);
        assertEquals("get", get.name());
        assertEquals(1, get.typeParams().size());
        assertEquals("Box", ((NamedType) get.receiver()).name());
    }

    @Test
    void genericTypeArgumentsCloseWithShiftTokens() {
        parse("fun main() { let b: Box<Box<Int>> = x; let c = a >> 2; let d: [Box<Int>]= y }");
        assertEquals(List.of(), errors());
    }
}
