package org.korlang.vm.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One conformance script and what it expects (format: src/test/korlang/README.md): stdout lines,
 * a runtime error, compile errors and warnings by line, exit status, arguments, stdin, skip.
 */
record Script(Path path, String name, byte[] source, List<String> out, String runtimeError, Set<String> compileErrors,
        Set<String> warnings, int exit, List<String> args, List<String> stdin, String skip) {

    private static final String[] DIRECTIVES = {"expect", "args:", "stdin:", "skip:"};

    static Script parse(Path root, Path path) throws IOException {
        byte[] source = Files.readAllBytes(path);
        String text = new String(source, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        List<String> out = new ArrayList<>();
        Set<String> errors = new TreeSet<>();
        Set<String> warnings = new TreeSet<>();
        List<String> args = new ArrayList<>();
        List<String> stdin = new ArrayList<>();
        String runtimeError = null;
        String skip = null;
        Integer exit = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            // the directive is the last "// keyword" of the line ("// " may also occur inside a string)
            int c = -1;
            for (String k : DIRECTIVES) {
                c = Math.max(c, line.lastIndexOf("// " + k));
            }
            if (c < 0) {
                continue;
            }
            String comment = line.substring(c + 3);
            if (comment.startsWith("expect: ")) {
                out.add(comment.substring(8));
            } else if (comment.equals("expect:")) {
                out.add("");
            } else if (comment.startsWith("expect runtime error: ")) {
                runtimeError = comment.substring(22);
            } else if (comment.startsWith("expect compile error: ")) {
                errors.add((i + 1) + ": " + comment.substring(22));
            } else if (comment.startsWith("expect warning: ")) {
                warnings.add((i + 1) + ": " + comment.substring(16));
            } else if (comment.startsWith("expect exit: ")) {
                exit = Integer.parseInt(comment.substring(13).trim());
            } else if (comment.startsWith("args:")) {
                for (String a : comment.substring(5).trim().split(" +")) {
                    if (!a.isEmpty()) {
                        args.add(a);
                    }
                }
            } else if (comment.startsWith("stdin:")) {
                stdin.add(comment.length() > 6 ? comment.substring(7) : "");
            } else if (comment.startsWith("skip:")) {
                skip = comment.substring(5).trim();
            }
        }
        int status = exit != null ? exit : runtimeError != null ? 70 : !errors.isEmpty() ? 65 : 0;
        String name = root.relativize(path).toString().replace('\\', '/');
        return new Script(path, name, source, out, runtimeError, errors, warnings, status, args, stdin, skip);
    }
}
