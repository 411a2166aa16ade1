package org.korlang.lang.internal.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.korlang.lang.KorlangCompiler;
import org.korlang.lang.SourceFile;

/**
 * One program per diagnostic of docs/language.md D56 (and the decisions it names): the exact
 * message at the exact line and column. Every program is otherwise valid, so the listed
 * diagnostic must be the only one.
 */
class CheckerDiagnosticsTest {
    private static final KorlangCompiler COMPILER = new KorlangCompiler();

    static List<String> diags(String src) {
        return COMPILER.check(new SourceFile("t.kor", src)).diagnostics().stream()
                .map(d -> d.line() + ":" + d.column() + " " + (d.isError() ? "" : "warning: ") + d.message()).toList();
    }

    static String main(String body) {
        return "fun main() {\n" + body + "\n}\n";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        let x: Int = "a"                                 | 2:14 expected Int, found String
        let x = y                                        | 2:9 undefined name 'y'
        let x: Foo = 1                                   | 2:8 undefined type 'Foo'
        let x = 1 + true                                 | 2:11 operator '+' cannot be applied to Int and Bool
        let x = -"s"                                     | 2:9 operator '-' cannot be applied to String
        let x = 1 == "a"                                 | 2:11 cannot compare Int and String
        let x = 1; x(2)                                  | 2:12 cannot call a value of type Int
        let x = if true { 1 } else { "a" }               | 2:30 if branches have incompatible types Int and String
        let x = null                                     | 2:9 cannot infer the type of 'x'; add a type annotation
        let xs = []                                      | 2:10 cannot infer the type of 'xs'; add a type annotation
        let x = 1; let x = 2                             | 2:16 'x' is already declared in this scope
        let k = 2; let f: Float = k * 3                  | 2:29 operator '*' cannot be applied to Int and Float
        var v: Int; println(v)                           | 2:21 variable 'v' is used before being assigned
        let x = true as Int                              | 2:14 cannot convert Bool to Int
        break                                            | 2:1 'break' outside of a loop
        for i in 0..3 { i = 2 }                          | 2:17 cannot assign to loop variable 'i'
        let r = 1..3                                     | 2:10 ranges are only allowed in 'for'
        let s = "abc"; let c = s[0]                      | 2:25 type String cannot be indexed
        let t = (1, "a"); let u = t.2                    | 2:29 tuple (Int, String) has no field 2
        let t = (1, 2); t.0 = 3                          | 2:21 cannot assign to a tuple element
        let c = Channel.new(1)                           | 2:9 cannot infer the element type of the channel: write Channel<T>.new(…) or annotate the variable
        let x = spawn { return 1 }                       | 2:17 'return' is not allowed in a spawn block: the block's last expression is the task's value
        let m = 1 < 2 < 3                                | 2:15 comparison operators cannot be chained
        println(if true { 1 })                           | 2:9 expression has no value
        let v = println(1)                               | 2:9 expression has no value
        let n = 0; n = 1                                 | 2:12 warning: 'n' is declared with 'let'; use 'var' to reassign it
        return; println(1)                               | 2:9 warning: unreachable code
        []                                               | 2:1 cannot infer the element type of an empty array; add a type annotation
        """)
    void statementDiagnostics(String body, String expected) {
        assertEquals(List.of(expected), diags(main(body)));
    }

    @Test
    void functionDiagnostics() {
        assertEquals(List.of("1:5 function 'f' must return a value of type Int"), diags("fun f() -> Int { }\nfun main() { }"));
        assertEquals(List.of("1:18 'return' needs a value of type Int"), diags("fun f() -> Int { return }\nfun main() { }"));
        assertEquals(List.of("1:18 unexpected return value: 'f' returns no value"), diags("fun f() { return 1 }\nfun main() { }"));
        assertEquals(List.of("2:14 wrong number of arguments to 'f': expected 2, found 1"),
                diags("fun f(a: Int, b: Int) -> Int { a }\nfun main() { f(1) }"));
        assertEquals(List.of("1:17 cannot assign to parameter 'n'"), diags("fun f(n: Int) { n = 1 }\nfun main() { }"));
        assertEquals(List.of("2:5 function 'f' is already declared at line 1"), diags("fun f() { }\nfun f() { }\nfun main() { }"));
        assertEquals(List.of("1:1 no 'main' function"), diags("fun f() { }"));
        assertEquals(List.of("1:5 'main' must be declared as fun main() or fun main(args: [String]), optionally with -> Int"),
                diags("fun main(x: Int) { }"));
        assertEquals(List.of("2:9 local functions are not supported in v1; use a closure"),
                diags("fun main() {\n    fun inner() { }\n}"));
    }

    @Test
    void structAndEnumDiagnostics() {
        String decls = "struct Point { x: Float; y: Float }\nenum Shape { Circle(Point, Float); Empty }\n";
        assertEquals(List.of("3:22 missing field 'y' in Point"), diags(decls + "fun main() { let p = Point { x: 1.0 } }"));
        assertEquals(List.of("3:44 struct Point has no field 'z'"), diags(decls + "fun main() { let p = Point { x: 1.0, y: 2, z: 3 } }"));
        assertEquals(List.of("3:38 field 'x' is initialised twice"), diags(decls + "fun main() { let p = Point { x: 1.0, x: 2.0, y: 1.0 } }"));
        assertEquals(List.of("3:46 type Point has no field 'z'"), diags(decls + "fun main() { let p = Point { x: 1, y: 2 }; p.z }"));
        assertEquals(List.of("3:46 type Point has no method 'foo'"), diags(decls + "fun main() { let p = Point { x: 1, y: 2 }; p.foo() }"));
        assertEquals(List.of("3:45 receiver of type Point? may be null"), diags(decls + "fun main(){ let p: Point? = null; println(p.x) }"));
        assertEquals(List.of("3:28 enum Shape has no variant 'Square'"), diags(decls + "fun main() { let s = Shape.Square }"));
        assertEquals(List.of("3:28 variant Shape.Circle needs 2 values"), diags(decls + "fun main() { let s = Shape.Circle }"));
        assertEquals(List.of("3:28 variant Shape.Empty has no payload"), diags(decls + "fun main() { let s = Shape.Empty() }"));
        assertEquals(List.of("3:14 non-exhaustive match: missing Shape.Empty"),
                diags(decls + "fun main() { match Shape.Empty { Shape.Circle(c, r) => println(r) } }"));
        assertEquals(List.of("3:22 non-exhaustive match: add a '_' arm"),
                diags(decls + "fun main() { let x = match 3 { 1 => \"one\" } }"));
        assertEquals(List.of("3:45 warning: unreachable match arm"),
                diags(decls + "fun main() { match 3 { x => println(x), 1 => println(1) } }".replace(", 1", ",     1")));
        assertEquals(List.of("1:20 field 'x' is declared twice"), diags("struct P { x: Int; x: Int }\nfun main() { }"));
        assertEquals(List.of("2:8 type 'P' is already declared"), diags("struct P { x: Int }\nstruct P { y: Int }\nfun main() { }"));
    }

    @Test
    void genericsAndImportsDiagnostics() {
        assertEquals(List.of("2:22 cannot infer type argument 'T' of 'none'"),
                diags("fun none<T>() -> [T] { [] }\nfun main() { let x = none() }"));
        assertEquals(List.of("1:37 operator '<' cannot be applied to T and T"),
                diags("fun less<T>(a: T, b: T) -> Bool { a < b }\nfun main() { }"));
        assertEquals(List.of("2:8 unknown module 'foo'"),
                diags("import fs\nimport foo\nimport io\nimport utf8\nfun main() { }"));
        assertEquals(List.of("1:59 polymorphic recursion: too many instantiations of 'grow'"),
                diags("fun grow<T>(x: T, n: Int) -> Int { if n == 0 { 0 } else { grow([x], n - 1) } }\n"
                        + "fun main() { println(grow(1, 3)) }"));
    }

    @Test
    void extensionCannotShadowBuiltinMethodAndFieldClosuresNeedParentheses() {
        assertEquals(List.of("1:12 'len' is already a method of String"), diags("fun String.len(self) -> Int { 0 }\nfun main() { }"));
        String s = "struct H { f: fun(Int) -> Int }\nfun main() { let h = H { f: fun (x: Int) -> Int { x } }; println((h.f)(1)); println(h.f(1)) }";
        assertEquals(List.of("2:87 type H has no method 'f'"), diags(s));
    }
}
