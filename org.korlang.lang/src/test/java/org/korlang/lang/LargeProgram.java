package org.korlang.lang;

/**
 * A generated Korlang program of about {@code 2,000} lines that uses every kind of declaration and
 * most expression forms (structs, generic structs and functions, enums with payloads and match,
 * extension functions, closures capturing mutated variables, nullables with flow typing, arrays,
 * strings with interpolation, tuples). Used to test that large files check cleanly and to measure
 * compile time ({@link CompileTimeReport}).
 */
final class LargeProgram {
    private LargeProgram() {
    }

    /** {@code units} repetitions of a ~40-line unit plus main; 50 units ≈ 2,000 lines. */
    static String generate(int units) {
        StringBuilder b = new StringBuilder();
        b.append("// generated: ").append(units).append(" units\n");
        for (int i = 0; i < units; i++) {
            b.append("""
                struct Point%1$d { x: Float; y: Float }
                struct Box%1$d<T> { value: T; next: Box%1$d<T>? }
                enum Shape%1$d { Circle(Point%1$d, Float); Rect(Point%1$d, Point%1$d); Empty }

                fun Point%1$d.norm(self) -> Float { sqrt(self.x * self.x + self.y * self.y) }

                fun area%1$d(s: Shape%1$d) -> Float {
                    match s {
                        Shape%1$d.Circle(c, r) => PI * r * r
                        Shape%1$d.Rect(a, b) => { let w = b.x - a.x; w * (b.y - a.y) }
                        Shape%1$d.Empty => 0.0
                    }
                }

                fun first%1$d<T>(xs: [T]) -> T? { if xs.len() == 0 { null } else { xs[0] } }

                fun chain%1$d(n: Int) -> Box%1$d<Int>? {
                    var head: Box%1$d<Int>? = null
                    for i in 0..n { head = Box%1$d { value: i, next: head } }
                    head
                }

                fun work%1$d(n: Int) -> Int {
                    var total = 0
                    var cur = chain%1$d(n)
                    while cur != null { total += cur.value; cur = cur.next }
                    let add = fun (k: Int) { total = total + k }
                    add(%1$d)
                    let xs = [1, 2, 3, n]
                    let f = first%1$d(xs) ?: 0
                    let p = Point%1$d { x: 3.0, y: 4 }
                    let shapes = [Shape%1$d.Circle(p, 1.0), Shape%1$d.Rect(p, Point%1$d { x: 5.0, y: 6.0 }), Shape%1$d.Empty]
                    var sum = 0.0
                    for s in shapes { sum += area%1$d(s) }
                    let t = (total, "unit %1$d")
                    if sum > 1000000.0 || p.norm() != 5.0 { println("odd @{t.1}: @{sum}") }
                    total + f + t.0 % 7
                }
                """.replace("%1$d", String.valueOf(i)));
        }
        b.append("fun main() -> Int {\n    var all = 0\n");
        for (int i = 0; i < units; i++) {
            b.append("    all += work").append(i).append("(").append(i % 10).append(")\n");
        }
        b.append("    println(\"all=@{all}\")\n    0\n}\n");
        return b.toString();
    }
}
