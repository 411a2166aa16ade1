package org.korlang.lang.internal;

import java.util.ArrayList;
import java.util.List;

import org.korlang.lang.bytecode.StdlibModules;

/*
 * The reference page of the stdlib (docs/stdlib.md), generated from the modules' Korlang sources.
 *
 * Doc comments: `//!` lines at the top of a module describe the module; `///` lines describe the
 * declaration that follows (fun, struct, enum) and, inside a struct or enum, the field or variant
 * that follows. Only documented declarations appear (helpers without `///` stay internal). A
 * function's signature is its source line up to the body's `{`, shown the way a program calls it:
 * `fun readFile(…)` of module fs as `fs.readFile(…)`, `fun File_open(…)` as `File.open(…)`, an
 * extension `fun Map<K, V>.get<K, V>(self, k: K)` as `m.get(k: K)` on a `Map<K, V>`.
 *
 * The page is a pure function of the sources; StdlibDocsTest fails when docs/stdlib.md differs
 * from it (and rewrites it with -Dkorlang.docs.write=true).
 */

/** Generates docs/stdlib.md from the stdlib module sources. */
public final class StdlibDocs {

    private StdlibDocs() {
    }

    /** The whole page. */
    public static String generate() {
        StringBuilder md = new StringBuilder();
        md.append("# Korlang standard library\n\n");
        md.append("Generated from the doc comments of the modules' sources (`org.korlang.lang/src/main/resources/org/korlang/lang/stdlib/*.kor`)\n");
        md.append("by `StdlibDocs`; the build fails when this page is stale (`mvn -pl org.korlang.lang test -Dtest=StdlibDocsTest\n");
        md.append("-Dkorlang.docs.write=true` rewrites it). Prelude functions (`print`, `println`, `readLine`, `sqrt`, …) are in\n");
        md.append("`docs/language.md`. A module is imported for its free functions (`import fs`); the types and their\n");
        md.append("methods (`Map`, `File`, …) come with it.\n\n");
        for (String module : StdlibModules.MODULES) {
            md.append(module(module, Stdlib.source(module)));
        }
        return md.toString();
    }

    static String module(String module, String source) {
        StringBuilder md = new StringBuilder();
        md.append("## `").append(module).append("`\n\n");
        String[] lines = source.split("\n", -1);
        int i = 0;
        boolean any = false;
        while (i < lines.length && lines[i].startsWith("//!")) {
            md.append(lines[i].length() > 4 ? lines[i].substring(4) : "").append('\n');
            i++;
            any = true;
        }
        if (any) {
            md.append('\n');
        }
        List<String> doc = new ArrayList<>();
        for (; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("///")) {
                doc.add(line.length() > 4 ? line.substring(4) : "");
                continue;
            }
            if (!doc.isEmpty() && line.startsWith("fun ")) {
                md.append("- `").append(signature(module, line)).append("`").append(" — ").append(String.join(" ", doc)).append('\n');
            } else if (!doc.isEmpty() && (line.startsWith("struct ") || line.startsWith("enum "))) {
                md.append("\n### `").append(line.replace("{", "").trim()).append("`\n\n").append(String.join("\n", doc)).append("\n\n");
                List<String> memberDoc = new ArrayList<>();
                for (i++; i < lines.length && !lines[i].startsWith("}"); i++) {
                    String m = lines[i].trim();
                    if (m.startsWith("///")) {
                        memberDoc.add(m.length() > 4 ? m.substring(4) : "");
                    } else if (!m.isEmpty()) {
                        md.append("- `").append(m).append("`");
                        if (!memberDoc.isEmpty()) {
                            md.append(" — ").append(String.join(" ", memberDoc));
                        }
                        md.append('\n');
                        memberDoc.clear();
                    }
                }
                md.append('\n');
            }
            doc.clear();
        }
        md.append('\n');
        return md.toString();
    }

    /** A function's source line as a program calls it (see the class comment). */
    static String signature(String module, String line) {
        String s = line.substring(4);
        int brace = s.lastIndexOf('{');
        if (brace >= 0) {
            s = s.substring(0, brace).trim();
        }
        int paren = s.indexOf('(');
        String head = s.substring(0, paren);
        String rest = s.substring(paren);
        int dot = head.lastIndexOf('.');
        if (dot > 0) {
            // extension: Map<K, V>.get<K, V>(self, k: K) -> V?  =>  Map<K, V>.get(k: K) -> V?
            String receiver = head.substring(0, dot);
            String name = head.substring(dot + 1);
            int lt = name.indexOf('<');
            if (lt > 0) {
                name = name.substring(0, lt);
            }
            rest = rest.replaceFirst("^\\(self, ", "(").replaceFirst("^\\(self\\)", "()");
            return receiver + "." + name + rest;
        }
        int us = head.indexOf('_');
        if (us > 0 && Character.isUpperCase(head.charAt(0))) {
            return head.substring(0, us) + "." + head.substring(us + 1) + rest;
        }
        return module + "." + head + rest;
    }
}
