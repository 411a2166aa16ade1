package org.korlang.lang.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.korlang.lang.bytecode.StdlibModules;
import org.korlang.lang.internal.diag.Reporter;
import org.korlang.lang.internal.syntax.Ast;
import org.korlang.lang.internal.syntax.Lexer;
import org.korlang.lang.internal.syntax.Parser;
import org.korlang.lang.internal.syntax.Token;
import org.korlang.lang.internal.syntax.TokenKind;
import org.korlang.lang.internal.typed.Pos;

/*
 * Linking the stdlib modules written in Korlang into a program.
 *
 * The modules' sources ship in this bundle (org/korlang/lang/stdlib/<module>.kor) and are compiled
 * with every program that uses them: a program is one file plus its imported modules (KORLANG.md),
 * and generics are monomorphized, so Map<String, Int> must be instantiated where it is used anyway.
 *
 * Which modules: those the program imports; `collections` also when the program names Map, Set or
 * Deque without declaring a type of that name (their methods need no import, KORLANG.md); and the
 * modules those depend on (env.vars returns a Map). Each is lexed at its line base
 * (StdlibModules: module k's lines start at (k + 1) * 1,000,000, so diagnostics and stack traces
 * can name the module's file) and parsed with the program's reporter.
 *
 * The linked file is the modules' declarations first, then the program's (so a program type that
 * clashes with a module type is the one reported, at the program's line), plus an import of every
 * linked module. The checker learns which declarations came from which module through moduleOf
 * (identity): it registers a module's free functions as `module.name` (and `Type_name` as the
 * static function `Type.name`, e.g. Map.new, File.open), lets a module declare Map/Set/Deque, and
 * lets module code call the VM's system builtins (`sys.…`), which programs cannot name.
 */

/** Finds, parses and links the stdlib modules a program needs. */
public final class Stdlib {

    /** Modules that another module's source uses. */
    private static final Map<String, List<String>> DEPENDENCIES = Map.of(
            "env", List.of("collections"));

    private static final Set<String> COLLECTION_TYPES = Set.of("Map", "Set", "Deque");

    private Stdlib() {
    }

    /** The program with its modules linked in, and the module of every module declaration. */
    public record Linked(Ast.File file, Map<Ast.Decl, String> moduleOf) {
    }

    /** Links the modules {@code program} needs; {@code tokens} are the program's tokens. */
    public static Linked link(Ast.File program, List<Token> tokens, Reporter reporter) {
        Set<String> needed = modulesNeeded(program, tokens);
        if (needed.isEmpty()) {
            return new Linked(program, Map.of());
        }
        List<Ast.Decl> decls = new ArrayList<>();
        Map<Ast.Decl, String> moduleOf = new IdentityHashMap<>();
        for (String module : StdlibModules.MODULES) {
            if (!needed.contains(module)) {
                continue;
            }
            String text = source(module);
            List<Token> moduleTokens = Lexer.lex(text, reporter, false, StdlibModules.firstLine(module));
            for (Ast.Decl d : Parser.parse(moduleTokens, reporter).decls()) {
                decls.add(d);
                moduleOf.put(d, module);
            }
        }
        Set<String> imported = new LinkedHashSet<>();
        for (Ast.Decl d : program.decls()) {
            if (d instanceof Ast.Import i) {
                imported.add(i.module());
            }
        }
        for (String module : needed) {
            if (!imported.contains(module)) {
                decls.add(new Ast.Import(module, Pos.NONE));
            }
        }
        decls.addAll(program.decls());
        return new Linked(new Ast.File(decls), moduleOf);
    }

    /** Imported modules, collections where Map/Set/Deque are named, and their dependencies. */
    static Set<String> modulesNeeded(Ast.File program, List<Token> tokens) {
        Set<String> needed = new LinkedHashSet<>();
        Set<String> declared = new java.util.HashSet<>();
        for (Ast.Decl d : program.decls()) {
            if (d instanceof Ast.Import i && StdlibModules.MODULES.contains(i.module())) {
                needed.add(i.module());
            } else if (d instanceof Ast.StructDecl s) {
                declared.add(s.name());
            } else if (d instanceof Ast.EnumDecl e) {
                declared.add(e.name());
            } else if (d instanceof Ast.TypeAlias a) {
                declared.add(a.name());
            }
        }
        if (!needed.contains("collections")) {
            for (Token t : tokens) {
                if (t.kind == TokenKind.IDENT && COLLECTION_TYPES.contains(t.text) && !declared.contains(t.text)) {
                    needed.add("collections");
                    break;
                }
            }
        }
        for (String m : List.copyOf(needed)) {
            needed.addAll(DEPENDENCIES.getOrDefault(m, List.of()));
        }
        return needed;
    }

    /** The Korlang source of {@code module}, from this bundle's resources. */
    public static String source(String module) {
        String name = "/org/korlang/lang/stdlib/" + module + ".kor";
        try (InputStream in = Stdlib.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the stdlib module source " + name + " is missing from the front end's bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the stdlib module source " + name + ": " + e.getMessage(), e);
        }
    }
}
