package org.korlang.lang.internal.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.korlang.lang.internal.diag.Reporter;
import org.korlang.lang.internal.syntax.Ast;
import org.korlang.lang.internal.syntax.TokenKind;
import org.korlang.lang.internal.typed.BinaryOp;
import org.korlang.lang.internal.typed.Builtin;
import org.korlang.lang.internal.typed.CodeUnit;
import org.korlang.lang.internal.typed.Conversion;
import org.korlang.lang.internal.typed.EnumDecl;
import org.korlang.lang.internal.typed.Expr;
import org.korlang.lang.internal.typed.Field;
import org.korlang.lang.internal.typed.FunctionDecl;
import org.korlang.lang.internal.typed.Lambda;
import org.korlang.lang.internal.typed.LocalVar;
import org.korlang.lang.internal.typed.LoopId;
import org.korlang.lang.internal.typed.Pattern;
import org.korlang.lang.internal.typed.Pos;
import org.korlang.lang.internal.typed.Stmt;
import org.korlang.lang.internal.typed.StructDecl;
import org.korlang.lang.internal.typed.Type;
import org.korlang.lang.internal.typed.TypeParam;
import org.korlang.lang.internal.typed.TypedProgram;
import org.korlang.lang.internal.typed.Types;
import org.korlang.lang.internal.typed.UnaryOp;
import org.korlang.lang.internal.typed.Variant;

/**
 * Name resolution and static type checking: turns the {@link Ast} into the {@link TypedProgram}.
 *
 * <p><b>Phases.</b> (1) Collect every top-level declaration (structs, enums, type aliases,
 * functions, imports), so that declaration order does not matter. (2) Resolve the types of struct
 * fields, enum payloads and aliases (alias cycles are errors). (3) Resolve function signatures and
 * register extension functions by their receiver's head (struct, enum, basic type, array).
 * (4) Check every function body. (5) Check {@code main} and polymorphic recursion
 * ({@link Instantiations}).
 *
 * <p><b>Bodies</b> are checked bidirectionally in one pass: {@code check(ast, scope, expected)}
 * returns the typed node, using the expected type (when given) to type {@code null}, empty arrays,
 * closures without parameter types, integer literals in Float places and generic results; callers
 * then {@code coerce} the node to the type of its place, inserting the implicit conversions
 * ({@link Conversion}) or reporting a mismatch. {@code expected == VOID} means the value is
 * discarded (statement context); {@code null} means a value is wanted without a known type.
 *
 * <p><b>Generic calls</b>: the arguments that do not need context are checked first and unified
 * with the parameter types to bind the callee's type parameters; then the expected result type
 * binds what is still unbound; then the context-dependent arguments (closures, {@code null},
 * {@code []}) are checked against the now-known parameter types. An unbound parameter is an error.
 *
 * <p><b>Flow typing</b>: see {@link Scope}. Conditions produce facts for their true and false
 * outcomes ({@code x != null}, {@code !}, {@code &&}, {@code ||}); an {@code if} whose branch
 * cannot complete (type {@code Never}) leaves the other outcome's facts in the enclosing scope
 * ({@code if x == null { return }}). A variable assigned inside any closure is never narrowed; a
 * variable of an enclosing function is narrowed inside a closure only if it is never assigned.
 *
 * <p><b>Definite assignment</b> (D17): variables declared without initialiser are tracked in a set of
 * possibly-unassigned variables that follows control flow (branches merge by union, a branch that
 * cannot complete contributes nothing, loop bodies and closure bodies may not run); a read of such a
 * variable is an error. <b>Exhaustiveness</b> follows D45's deliberately simple rule
 * ({@link Exhaustiveness}); arms after an irrefutable one and statements after
 * return/break/continue/panic are warnings.
 *
 * <p><b>Errors</b> produce nodes of type {@code ERROR}, which every later check accepts silently,
 * so one mistake gives one diagnostic. The checker never throws on any AST the parser produces.
 */
public final class Checker {
    private static final Set<String> KNOWN_MODULES = Set.of(
            "io", "fs", "env", "mem", "collections", "utf8", "math", "time", "system");

    private final Reporter reporter;
    private final Map<String, StructDecl> structs = new LinkedHashMap<>();
    private final Map<String, EnumDecl> enums = new LinkedHashMap<>();
    private final Map<String, AliasInfo> aliases = new HashMap<>();
    private final Map<String, FunctionDecl> functions = new HashMap<>();
    private final Map<Object, Map<String, FunctionDecl>> extensions = new HashMap<>();
    private final Map<String, Pos> typeNames = new HashMap<>();
    private final List<FunctionDecl> functionList = new ArrayList<>();
    private final List<String> imports = new ArrayList<>();
    /** The bodies of {@code spawn { … }} blocks, whose value is inferred (no {@code return} inside). */
    private final Set<UnitContext> spawnBlocks = new HashSet<>();
    /** Per spawn block: the names assigned in closures nested in it (narrowing of the block's own variables). */
    private final Map<UnitContext, Set<String>> spawnBlockClosureAssigned = new HashMap<>();
    private final Map<LoopId, Boolean> infiniteLoops = new IdentityHashMap<>();
    private final Map<Ast.StructDecl, StructDecl> structAsts = new LinkedHashMap<>();
    private final Map<Ast.EnumDecl, EnumDecl> enumAsts = new LinkedHashMap<>();
    private final Map<FunctionDecl, Ast.FunDecl> funAsts = new LinkedHashMap<>();
    final Instantiations instantiations = new Instantiations();
    private final EnumDecl resultEnum;
    /** stdlib (#13): the module of each linked module declaration (identity), empty without modules. */
    private final Map<Ast.Decl, String> moduleOf;
    /** stdlib (#13): whether the function being checked comes from a stdlib module (may call sys.…). */
    private boolean inStdlib;
    private int tempCounter;
    /** Definite assignment (D17): variables declared without initialiser that may be unassigned here. */
    private Set<LocalVar> unassigned = new HashSet<>();
    private final Set<LocalVar> reportedUnassigned = new HashSet<>();
    /** Loop variables: not assignable (D18). */
    private final Set<LocalVar> loopVariables = new HashSet<>();

    private static final class AliasInfo {
        final Ast.TypeAlias ast;
        final List<TypeParam> params = new ArrayList<>();
        Type resolved;
        boolean resolving;

        AliasInfo(Ast.TypeAlias ast) {
            this.ast = ast;
        }
    }

    public Checker(Reporter reporter) {
        this(reporter, Map.of());
    }

    /**
     * A checker for a file into which stdlib modules were linked ({@code moduleOf}: the module of each
     * module declaration, by identity; see {@code internal.Stdlib}).
     */
    public Checker(Reporter reporter, Map<Ast.Decl, String> moduleOf) {
        this.reporter = reporter;
        this.moduleOf = moduleOf;
        TypeParam t = new TypeParam("T", 0);
        TypeParam e = new TypeParam("E", 1);
        resultEnum = new EnumDecl("Result", List.of(t, e), Pos.NONE, true);
        resultEnum.setVariants(List.of(
                new Variant("Ok", 0, List.of(t.asType()), Pos.NONE),
                new Variant("Err", 1, List.of(e.asType()), Pos.NONE)));
        enums.put("Result", resultEnum);
    }

    // =================================================================== driver

    /** Checks {@code file}; the typed program is meaningful only when the reporter has no errors. */
    public TypedProgram check(Ast.File file, String fileName) {
        collect(file);
        resolveDeclarations();
        collectFunctions(file);
        for (Map.Entry<FunctionDecl, Ast.FunDecl> e : funAsts.entrySet()) {
            checkFunction(e.getKey(), e.getValue());
        }
        FunctionDecl main = functions.get("main");
        TypedProgram.MainKind kind = checkMain(main, file);
        if (!reporter.hasErrors() && main != null) {
            instantiations.check(main, reporter);
        }
        List<EnumDecl> enumList = new ArrayList<>(enums.values());
        return new TypedProgram(fileName, new ArrayList<>(structs.values()), enumList, functionList, main, kind, imports);
    }

    private TypedProgram.MainKind checkMain(FunctionDecl main, Ast.File file) {
        if (main == null) {
            reporter.error(Pos.NONE, "no 'main' function");
            return TypedProgram.MainKind.NO_ARGS;
        }
        boolean args = main.params().size() == 1
                && main.params().get(0).type().equals(new Type.ArrayType(Type.STRING));
        boolean ok = (main.params().isEmpty() || args) && main.typeParams().isEmpty()
                && (main.resultType() == Type.VOID || main.resultType() == Type.INT);
        if (!ok) {
            reporter.error(main.pos(), "'main' must be declared as fun main() or fun main(args: [String]), optionally with -> Int");
        }
        boolean returnsInt = main.resultType() == Type.INT;
        if (args) {
            return returnsInt ? TypedProgram.MainKind.ARGS_INT : TypedProgram.MainKind.ARGS;
        }
        return returnsInt ? TypedProgram.MainKind.NO_ARGS_INT : TypedProgram.MainKind.NO_ARGS;
    }

    // =================================================================== declarations

    private void collect(Ast.File file) {
        for (Ast.Decl d : file.decls()) {
            if (d instanceof Ast.StructDecl s) {
                if (moduleOf.containsKey(d) ? declareModuleTypeName(s.name(), s.pos()) : declareTypeName(s.name(), s.pos())) {
                    StructDecl decl = new StructDecl(s.name(), typeParams(s.typeParams()), s.pos());
                    structs.put(s.name(), decl);
                    structAsts.put(s, decl);
                }
            } else if (d instanceof Ast.EnumDecl e) {
                if (moduleOf.containsKey(d) ? declareModuleTypeName(e.name(), e.pos()) : declareTypeName(e.name(), e.pos())) {
                    EnumDecl decl = new EnumDecl(e.name(), typeParams(e.typeParams()), e.pos(), false);
                    enums.put(e.name(), decl);
                    enumAsts.put(e, decl);
                }
            } else if (d instanceof Ast.TypeAlias a) {
                if (declareTypeName(a.name(), a.pos())) {
                    AliasInfo info = new AliasInfo(a);
                    info.params.addAll(typeParams(a.typeParams()));
                    aliases.put(a.name(), info);
                }
            } else if (d instanceof Ast.Import i) {
                String root = i.module().contains(".") ? i.module().substring(0, i.module().indexOf('.')) : i.module();
                if (!KNOWN_MODULES.contains(root)) {
                    reporter.error(i.pos(), "unknown module '" + i.module() + "'");
                } else if (!root.equals(i.module())) {
                    reporter.error(i.pos(), "unknown module '" + i.module() + "' (the stdlib modules have no submodules)");
                } else if (!imports.contains(i.module())) {
                    imports.add(i.module());
                }
            } else if (d instanceof Ast.GlobalLet g) {
                reporter.error(g.pos(), "top-level variables are not supported in v1: declare them inside a function");
            }
        }
    }

    /** A stdlib module's type: may be one of the library type names (Map, Set, Deque). */
    private boolean declareModuleTypeName(String name, Pos pos) {
        if (typeNames.containsKey(name)) {
            reporter.error(pos, "type '" + name + "' is declared twice");
            return false;
        }
        typeNames.put(name, pos);
        return true;
    }

    private boolean declareTypeName(String name, Pos pos) {
        if (isBuiltinTypeName(name)) {
            reporter.error(pos, "'" + name + "' is a built-in type and cannot be redeclared");
            return false;
        }
        Pos previous = typeNames.putIfAbsent(name, pos);
        if (previous != null) {
            reporter.error(pos, "type '" + name + "' is already declared");
            return false;
        }
        return true;
    }

    private static boolean isBuiltinTypeName(String name) {
        return switch (name) {
            case "Int", "Float", "Bool", "Char", "String", "Any", "Void", "Result", "List", "Map", "Set",
                    "Deque", "Task", "Channel" -> true;
            default -> false;
        };
    }

    private List<TypeParam> typeParams(List<Ast.TypeParamDecl> decls) {
        List<TypeParam> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Ast.TypeParamDecl d : decls) {
            if (!seen.add(d.name())) {
                reporter.error(d.pos(), "duplicate type parameter '" + d.name() + "'");
            }
            out.add(new TypeParam(d.name(), out.size()));
        }
        return out;
    }

    private static Map<String, TypeParam> env(List<TypeParam> params) {
        Map<String, TypeParam> m = new HashMap<>();
        for (TypeParam p : params) {
            m.put(p.name(), p);
        }
        return m;
    }

    private void resolveDeclarations() {
        for (AliasInfo a : aliases.values()) {
            resolveAlias(a);
        }
        for (Map.Entry<Ast.StructDecl, StructDecl> e : structAsts.entrySet()) {
            StructDecl decl = e.getValue();
            Map<String, TypeParam> env = env(decl.typeParams());
            List<Field> fields = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Ast.FieldDecl f : e.getKey().fields()) {
                Type t = resolveType(f.type(), env);
                if (!seen.add(f.name())) {
                    reporter.error(f.pos(), "field '" + f.name() + "' is declared twice");
                    continue;
                }
                if (t == Type.VOID || t == Type.NEVER) {
                    reporter.error(f.type().pos(), "a field cannot have type " + t);
                    t = Type.ERROR;
                }
                fields.add(new Field(f.name(), fields.size(), t, f.pos()));
            }
            decl.setFields(fields);
        }
        for (Map.Entry<Ast.EnumDecl, EnumDecl> e : enumAsts.entrySet()) {
            EnumDecl decl = e.getValue();
            Map<String, TypeParam> env = env(decl.typeParams());
            List<Variant> variants = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Ast.VariantDecl v : e.getKey().variants()) {
                List<Type> payload = new ArrayList<>();
                for (Ast.TypeExpr te : v.payload()) {
                    Type t = resolveType(te, env);
                    if (t == Type.VOID || t == Type.NEVER) {
                        reporter.error(te.pos(), "a variant value cannot have type " + t);
                        t = Type.ERROR;
                    }
                    payload.add(t);
                }
                if (!seen.add(v.name())) {
                    reporter.error(v.pos(), "duplicate variant '" + v.name() + "' in enum " + decl.name());
                    continue;
                }
                variants.add(new Variant(v.name(), variants.size(), payload, v.pos()));
            }
            if (variants.isEmpty()) {
                reporter.error(decl.pos(), "enum " + decl.name() + " has no variants");
            }
            decl.setVariants(variants);
        }
    }

    private Type resolveAlias(AliasInfo a) {
        if (a.resolved != null) {
            return a.resolved;
        }
        if (a.resolving) {
            reporter.error(a.ast.pos(), "type alias '" + a.ast.name() + "' refers to itself");
            a.resolved = Type.ERROR;
            return Type.ERROR;
        }
        a.resolving = true;
        Type t = resolveType(a.ast.type(), env(a.params));
        a.resolving = false;
        if (a.resolved == null) {
            a.resolved = t;
        }
        return a.resolved;
    }

    /** The type a type expression denotes; unknown names are reported and become ERROR. */
    Type resolveType(Ast.TypeExpr te, Map<String, TypeParam> env) {
        if (te instanceof Ast.NamedType n) {
            return resolveNamed(n, env);
        }
        if (te instanceof Ast.ArrayTypeExpr a) {
            Type el = resolveType(a.element(), env);
            if (el == Type.VOID) {
                reporter.error(a.element().pos(), "an array cannot hold Void");
                return Type.ERROR;
            }
            return el == Type.ERROR ? Type.ERROR : new Type.ArrayType(el);
        }
        if (te instanceof Ast.TupleTypeExpr t) {
            List<Type> els = new ArrayList<>();
            for (Ast.TypeExpr e : t.elements()) {
                Type el = resolveType(e, env);
                if (el == Type.VOID) {
                    reporter.error(e.pos(), "a tuple cannot hold Void");
                    el = Type.ERROR;
                }
                els.add(el);
            }
            return els.contains(Type.ERROR) ? Type.ERROR : new Type.TupleType(els);
        }
        if (te instanceof Ast.NullableTypeExpr n) {
            Type inner = resolveType(n.inner(), env);
            if (inner == Type.VOID) {
                reporter.error(n.pos(), "Void cannot be nullable");
                return Type.ERROR;
            }
            return Types.nullable(inner);
        }
        if (te instanceof Ast.FunTypeExpr f) {
            List<Type> ps = new ArrayList<>();
            for (Ast.TypeExpr e : f.params()) {
                Type pt = resolveType(e, env);
                if (pt == Type.VOID) {
                    reporter.error(e.pos(), "a parameter cannot have type Void");
                    pt = Type.ERROR;
                }
                ps.add(pt);
            }
            Type r = f.result() == null ? Type.VOID : resolveType(f.result(), env);
            if (ps.contains(Type.ERROR) || r == Type.ERROR) {
                return Type.ERROR;
            }
            return new Type.FunctionType(ps, r);
        }
        return Type.ERROR;
    }

    private Type resolveNamed(Ast.NamedType n, Map<String, TypeParam> env) {
        String name = n.name();
        List<Type> args = new ArrayList<>();
        for (Ast.TypeExpr a : n.args()) {
            Type t = resolveType(a, env);
            if (t == Type.VOID && !name.equals("Task")) { // Task<Void>: a task with no value (#12)
                reporter.error(a.pos(), "Void cannot be a type argument");
                t = Type.ERROR;
            }
            args.add(t);
        }
        if (args.contains(Type.ERROR)) {
            return Type.ERROR;
        }
        TypeParam tp = env.get(name);
        if (tp != null) {
            if (!args.isEmpty()) {
                reporter.error(n.pos(), "type parameter '" + name + "' takes no type arguments");
            }
            return tp.asType();
        }
        Type basic = switch (name) {
            case "Int" -> Type.INT;
            case "Float" -> Type.FLOAT;
            case "Bool" -> Type.BOOL;
            case "Char" -> Type.CHAR;
            case "String" -> Type.STRING;
            case "Any" -> Type.ANY;
            case "Void" -> Type.VOID;
            default -> null;
        };
        if (basic != null) {
            if (!args.isEmpty()) {
                reporter.error(n.pos(), "type " + name + " takes no type arguments");
                return Type.ERROR;
            }
            return basic;
        }
        switch (name) {
            case "Null":
                reporter.error(n.pos(), "'null' is not a type: write T? for a nullable type");
                return Type.ERROR;
            // ---- tasks and channels (#12)
            case "Task":
            case "Channel":
                if (!arity(n, args, 1)) {
                    return Type.ERROR;
                }
                if (args.get(0) == Type.ERROR) {
                    return Type.ERROR;
                }
                if (name.equals("Channel") && args.get(0) == Type.VOID) {
                    reporter.error(n.pos(), "a channel of Void carries no values: use Channel<Bool> or Channel<Int>");
                    return Type.ERROR;
                }
                return new Type.LibraryType(name.equals("Task") ? Type.LibraryKind.TASK : Type.LibraryKind.CHANNEL, args);
            case "List":
                // stdlib (#13): List<T> is [T] (KORLANG.md, collections)
                if (args.size() != 1) {
                    reporter.error(n.pos(), "List takes one type argument: List<T> (the same as [T])");
                    return Type.ERROR;
                }
                return new Type.ArrayType(args.get(0));
            case "Map":
            case "Set":
            case "Deque":
                // stdlib (#13): structs of the collections module, linked in when a program names them
                if (structs.containsKey(name)) {
                    break;
                }
                reporter.error(n.pos(), "'" + name + "' is not available here (it comes from the collections module)");
                return Type.ERROR;
            default:
                break;
        }
        StructDecl s = structs.get(name);
        if (s != null) {
            return arity(n, args, s.typeParams().size()) ? new Type.StructType(s, args) : Type.ERROR;
        }
        EnumDecl e = enums.get(name);
        if (e != null) {
            return arity(n, args, e.typeParams().size()) ? new Type.EnumType(e, args) : Type.ERROR;
        }
        AliasInfo a = aliases.get(name);
        if (a != null) {
            Type t = resolveAlias(a);
            if (!arity(n, args, a.params.size())) {
                return Type.ERROR;
            }
            return t == Type.ERROR ? t : Types.substitute(t, a.params, args);
        }
        reporter.error(n.pos(), "undefined type '" + name + "'");
        return Type.ERROR;
    }

    private boolean arity(Ast.NamedType n, List<Type> args, int expected) {
        if (args.size() != expected) {
            if (expected == 0) {
                reporter.error(n.pos(), "type " + n.name() + " takes no type arguments");
            } else {
                reporter.error(n.pos(), "type " + n.name() + " needs " + expected + " type argument" + (expected == 1 ? "" : "s")
                        + ", found " + args.size());
            }
            return false;
        }
        return true;
    }

    // =================================================================== signatures

    /** Called for each top-level function declaration in source order (from {@link #collectFunctions}). */
    private void declareFunction(Ast.FunDecl f) {
        List<TypeParam> tps = new ArrayList<>(typeParams(f.typeParams()));
        Map<String, TypeParam> env = env(tps);
        // fun Box<T>.get<T>(self): the receiver may use the function's own type parameters (D40)
        Type receiver = f.receiver() == null ? null : resolveType(f.receiver(), env);
        String display = receiver == null ? f.name()
                : (f.receiver() instanceof Ast.NamedType rn ? rn.name() : receiver.toString()) + "." + f.name();
        if (receiver != null && hasBuiltinMethod(receiver, f.name())) {
            reporter.error(f.pos(), "'" + f.name() + "' is already a method of " + receiver);
        }
        String module = moduleOf.get(f);
        String key = f.name();
        if (module != null && f.receiver() == null) {
            // stdlib (#13): a module's free function is module.name; Type_name is the static Type.name
            int us = f.name().indexOf('_');
            key = us > 0 && Character.isUpperCase(f.name().charAt(0))
                    ? f.name().substring(0, us) + "." + f.name().substring(us + 1)
                    : module + "." + f.name();
            display = key;
        }
        FunctionDecl fd = new FunctionDecl(key, display, tps, receiver, f.pos());
        List<Ast.Param> params = f.params();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < params.size(); i++) {
            Ast.Param p = params.get(i);
            Type t;
            if (p.name().equals("self") && p.type() == null) {
                if (receiver == null) {
                    reporter.error(p.pos(), "'self' is only allowed as the first parameter of an extension function (fun Type.name(self))");
                    t = Type.ERROR;
                } else if (i != 0) {
                    reporter.error(p.pos(), "'self' must be the first parameter");
                    t = Type.ERROR;
                } else {
                    t = receiver;
                }
            } else {
                t = p.type() == null ? Type.ERROR : resolveType(p.type(), env);
                if (t == Type.VOID) {
                    reporter.error(p.pos(), "a parameter cannot have type Void");
                    t = Type.ERROR;
                }
            }
            if (!seen.add(p.name())) {
                reporter.error(p.pos(), "duplicate parameter '" + p.name() + "'");
            }
            fd.newVariable(p.name(), t, true, false, p.pos());
        }
        if (receiver == Type.ERROR) {
            receiver = null;
        }
        if (f.receiver() != null && (params.isEmpty() || !params.get(0).name().equals("self"))) {
            reporter.error(f.pos(), "an extension function's first parameter must be 'self'");
        }
        fd.setResultType(f.result() == null ? Type.VOID : resolveType(f.result(), env));
        if (receiver != null) {
            Object head = head(receiver);
            if (head != null) {
                Map<String, FunctionDecl> byName = extensions.get(head);
                if (byName == null) {
                    byName = new HashMap<>();
                    extensions.put(head, byName);
                }
                FunctionDecl prev = byName.putIfAbsent(f.name(), fd);
                if (prev != null) {
                    reporter.error(f.pos(), "extension function '" + display + "' is already declared at line " + prev.pos().line());
                    return;
                }
            }
        } else {
            FunctionDecl prev = functions.putIfAbsent(key, fd);
            if (prev != null) {
                reporter.error(f.pos(), "function '" + key + "' is already declared at line " + prev.pos().line());
                return;
            }
        }
        functionList.add(fd);
        funAsts.put(fd, f);
    }

    /** The key under which extension functions of {@code t} are registered. */
    private static Object head(Type t) {
        if (t instanceof Type.StructType s) {
            return s.decl();
        }
        if (t instanceof Type.EnumType e) {
            return e.decl();
        }
        if (t instanceof Type.ArrayType) {
            return "[]";
        }
        if (t instanceof Type.Basic b && b != Type.ERROR) {
            return b;
        }
        if (t instanceof Type.LibraryType l) {
            return l.kind();
        }
        return null;
    }

    // =================================================================== function bodies

    private void checkFunction(FunctionDecl fd, Ast.FunDecl ast) {
        inStdlib = moduleOf.containsKey(ast);
        Set<String> assigned = new HashSet<>();
        Set<String> assignedInClosures = new HashSet<>();
        AssignedNames.collect(ast.body(), assigned, assignedInClosures, false);
        UnitContext ctx = new UnitContext(fd, null, null, fd.resultType(), fd.typeParams(), assigned, assignedInClosures);
        Scope scope = new Scope(null, ctx);
        for (LocalVar p : fd.params()) {
            scope.declare(p.name(), p);
        }
        instantiations.enter(fd);
        fd.setBody(checkBody(ast.body(), scope, ctx, fd.resultType(), "function '" + fd.name() + "'", fd.pos()));
    }

    /** The body of a function or closure: its value (if any) becomes the result. */
    private Expr.Block checkBody(Ast.Block body, Scope scope, UnitContext ctx, Type result, String what, Pos namePos) {
        if (result == Type.VOID) {
            return checkBlock(body, scope, Type.VOID);
        }
        Expr.Block b = checkBlock(body, scope, result);
        if (b.value() == null) {
            if (b.type() != Type.NEVER && result != Type.ERROR) {
                reporter.error(namePos, what + " must return a value of type " + result);
            }
            return b;
        }
        Expr v = coerce(b.value(), result);
        return new Expr.Block(b.statements(), v, v.type() == Type.NEVER ? Type.NEVER : result, b.pos());
    }

    private Expr.Block checkBlock(Ast.Block block, Scope outer, Type expected) {
        Scope s = new Scope(outer, outer.fn);
        List<Stmt> out = new ArrayList<>();
        Expr value = null;
        boolean diverges = false;
        boolean warned = false;
        List<Ast.Stmt> stmts = block.statements();
        for (int i = 0; i < stmts.size(); i++) {
            Ast.Stmt st = stmts.get(i);
            if (diverges && !warned) {
                // D16: code after return/break/continue/panic in the same block
                reporter.warning(astStart(st), "unreachable code");
                warned = true;
            }
            boolean last = i == stmts.size() - 1;
            if (last && expected != Type.VOID && st instanceof Ast.ExprStmt es) {
                Expr e = check(es.expr(), s, expected);
                if (e.type() == Type.VOID) {
                    out.add(new Stmt.ExprStmt(e));
                    diverges |= isInfinite(e);
                } else {
                    value = e;
                }
                continue;
            }
            int before = out.size();
            checkStmt(st, s, out);
            for (int k = before; k < out.size(); k++) {
                Stmt added = out.get(k);
                if (added instanceof Stmt.ExprStmt x && (x.expr().type() == Type.NEVER || isInfinite(x.expr()))) {
                    diverges = true;
                }
                if (added instanceof Stmt.Let l && l.init() != null && l.init().type() == Type.NEVER) {
                    diverges = true;
                }
            }
        }
        Type type = value != null ? value.type() : diverges ? Type.NEVER : Type.VOID;
        return new Expr.Block(out, value, type, block.pos());
    }

    /** The position of a statement's first token. */
    private static Pos astStart(Ast.Stmt st) {
        return st instanceof Ast.ExprStmt es ? astStart(es.expr()) : st.pos();
    }

    private static Pos astStart(Ast.Expr e) {
        Ast.Expr first = null;
        if (e instanceof Ast.Binary b) {
            first = b.left();
        } else if (e instanceof Ast.Assign a) {
            first = a.target();
        } else if (e instanceof Ast.Call c) {
            first = c.callee();
        } else if (e instanceof Ast.Field f) {
            first = f.object();
        } else if (e instanceof Ast.Index i) {
            first = i.object();
        } else if (e instanceof Ast.TupleIndex t) {
            first = t.tuple();
        } else if (e instanceof Ast.NotNull n) {
            first = n.value();
        } else if (e instanceof Ast.As a) {
            first = a.value();
        } else if (e instanceof Ast.Range r) {
            first = r.start();
        }
        if (first == null) {
            return e.pos();
        }
        Pos q = astStart(first);
        Pos p = e.pos();
        return q.line() < p.line() || (q.line() == p.line() && q.column() < p.column()) ? q : p;
    }

    private boolean isInfinite(Expr e) {
        return e instanceof Expr.While w && infiniteLoops.containsKey(w.loop());
    }

    private void checkStmt(Ast.Stmt st, Scope s, List<Stmt> out) {
        if (st instanceof Ast.Let let) {
            checkLet(let, s, out);
        } else if (st instanceof Ast.ExprStmt es) {
            Expr e = check(es.expr(), s, Type.VOID);
            out.add(new Stmt.ExprStmt(e));
        } else if (st instanceof Ast.LocalFun lf) {
            // D10: not in v1; the body is still checked (as a closure) so that its own errors show
            Ast.FunDecl f = lf.fun();
            reporter.error(f.pos(), "local functions are not supported in v1; use a closure");
            List<Ast.Param> params = new ArrayList<>();
            for (Ast.Param p : f.params()) {
                params.add(p.type() == null ? new Ast.Param(p.name(), new Ast.ErrorType(p.pos()), p.pos()) : p);
            }
            Ast.Lambda lambda = new Ast.Lambda(params, f.result(), f.body(), f.pos());
            checkLambda(lambda, s, null, s.fn.unit.displayName() + "." + f.name());
        }
    }

    private void checkLet(Ast.Let let, Scope s, List<Stmt> out) {
        Type declared = let.type() == null ? null : resolveType(let.type(), typeEnv(s));
        String name = let.target() instanceof Ast.LetName n ? n.name() : "(…)";
        Expr init;
        if (let.init() == null) {
            // declared without initialiser (D17): definite assignment is checked at every read
            if (declared == null) {
                reporter.error(let.pos(), "cannot infer the type of '" + name + "'; add a type annotation");
                declared = Type.ERROR;
            }
            if (!(let.target() instanceof Ast.LetName n)) {
                reporter.error(let.pos(), "a destructuring declaration needs a value");
                return;
            }
            LocalVar v = declareLocal(n.name(), declared, let.mutable(), n.pos(), s);
            unassigned.add(v);
            out.add(new Stmt.Let(v, null, let.pos()));
            return;
        }
        if (declared == null && needsContext(let.init()) && !(let.init() instanceof Ast.Lambda)) {
            reporter.error(let.init().pos(), "cannot infer the type of '" + name + "'; add a type annotation");
            declared = Type.ERROR;
        }
        if (declared != null) {
            init = checkAs(let.init(), s, declared);
        } else {
            init = check(let.init(), s, null);
        }
        Type t = declared != null ? declared : init.type();
        if (declared == null) {
            if (t == Type.NULL) {
                reporter.error(let.init().pos(), "cannot infer the type of '" + name + "'; add a type annotation");
                t = Type.ERROR;
            } else if (t == Type.VOID) {
                reporter.error(startOf(init), "expression has no value");
                t = Type.ERROR;
            } else if (t == Type.NEVER) {
                t = Type.ERROR;
            }
        }
        bindLetTarget(let.target(), t, init, let, s, out, declared != null && Types.admitsNull(declared) && !Types.admitsNull(uncoerced(init).type()));
    }

    /** Declares a variable in {@code s}, reporting a second declaration of the name in the same scope (D19). */
    private LocalVar declareLocal(String name, Type t, boolean mutable, Pos pos, Scope s) {
        if (s.own(name) != null && !name.equals("<error>")) {
            reporter.error(pos, "'" + name + "' is already declared in this scope");
        }
        LocalVar v = s.fn.unit.newVariable(name, t, false, mutable, pos);
        s.declare(name, v);
        return v;
    }

    private static Expr uncoerced(Expr e) {
        while (e instanceof Expr.Convert c && (c.conversion() == Conversion.TO_NULLABLE)) {
            e = c.value();
        }
        return e;
    }

    private void bindLetTarget(Ast.LetTarget target, Type t, Expr init, Ast.Let let, Scope s, List<Stmt> out, boolean initNonNull) {
        if (target instanceof Ast.LetName n) {
            if (n.name().equals("_")) {
                out.add(new Stmt.ExprStmt(init));
                return;
            }
            LocalVar v = declareLocal(n.name(), t, let.mutable(), n.pos(), s);
            out.add(new Stmt.Let(v, init, let.pos()));
            if (initNonNull && t instanceof Type.NullableType nt && canNarrow(v, s)) {
                s.addFact(v, nt.inner());
            }
            return;
        }
        Ast.LetTuple tuple = (Ast.LetTuple) target;
        Type tt = Types.nonNull(t);
        if (t != Type.ERROR && (!(t instanceof Type.TupleType tup) || tup.elements().size() != tuple.elements().size())) {
            reporter.error(tuple.pos(), "cannot destructure a value of type " + t + " into " + tuple.elements().size() + " names");
            // the names are still declared, silently typed ERROR
            t = Type.ERROR;
        }
        LocalVar tmp = s.fn.unit.newVariable("$tuple" + (tempCounter++), t, false, false, tuple.pos());
        out.add(new Stmt.Let(tmp, init, let.pos()));
        for (int i = 0; i < tuple.elements().size(); i++) {
            Type et = t instanceof Type.TupleType tup ? tup.elements().get(i) : Type.ERROR;
            Expr el = new Expr.TupleGet(new Expr.Local(tmp, tuple.pos()), i, et, tuple.pos());
            bindLetTarget(tuple.elements().get(i), et, el, let, s, out, false);
        }
        assert tt != null;
    }

    private Map<String, TypeParam> typeEnv(Scope s) {
        return env(s.fn.typeParams);
    }

    // =================================================================== expressions

    private static Expr errorExpr(Pos pos) {
        return new Expr.NullLit(Type.ERROR, pos);
    }

    /** Checks {@code e} and converts it to {@code target}. */
    private Expr checkAs(Ast.Expr e, Scope s, Type target) {
        return coerce(check(e, s, target), target);
    }

    /**
     * Converts {@code e} to {@code to}: identity, implicit conversions (nullable, Any, an integer
     * literal to Float), or a "type mismatch" error.
     */
    Expr coerce(Expr e, Type to) {
        Type from = e.type();
        if (from.equals(to) || from == Type.ERROR || to == Type.ERROR || from == Type.NEVER) {
            return e;
        }
        if (to == Type.VOID) {
            return e;
        }
        if (from == Type.VOID) {
            reporter.error(startOf(e), "expression has no value");
            return errorExpr(e.pos());
        }
        if (e instanceof Expr.NullLit n && Types.admitsNull(to)) {
            return new Expr.NullLit(to, n.pos());
        }
        if (to == Type.FLOAT || (to instanceof Type.NullableType nt && nt.inner() == Type.FLOAT)) {
            Expr f = literalToFloat(e);
            if (f != null) {
                return coerce(f, to);
            }
        }
        if (to == Type.ANY) {
            if (from == Type.VOID) {
                reporter.error(startOf(e), "expression has no value");
                return errorExpr(e.pos());
            }
            return new Expr.Convert(Conversion.TO_ANY, e, Type.ANY, e.pos());
        }
        if (to instanceof Type.NullableType nt) {
            if (from == Type.NULL) {
                return new Expr.Convert(Conversion.TO_NULLABLE, e, to, e.pos());
            }
            if (!(from instanceof Type.NullableType)) {
                Expr inner = coerceQuiet(e, nt.inner());
                if (inner != null) {
                    return new Expr.Convert(Conversion.TO_NULLABLE, inner, to, e.pos());
                }
            }
        }
        reporter.error(startOf(e), "expected " + to + ", found " + from);
        return errorExpr(e.pos());
    }

    /**
     * Where an expression starts in the source (its leftmost token): mismatches are reported
     * there (D56). Each node's own position is that of its operator or name, so this takes the
     * leftmost of the node and its first operand.
     */
    static Pos startOf(Expr e) {
        Pos p = e.pos();
        Expr first = null;
        if (e instanceof Expr.Binary b) {
            first = b.left();
        } else if (e instanceof Expr.Elvis el) {
            first = el.value();
        } else if (e instanceof Expr.Index i) {
            first = i.array();
        } else if (e instanceof Expr.FieldGet f) {
            first = f.object();
        } else if (e instanceof Expr.TupleGet t) {
            first = t.tuple();
        } else if (e instanceof Expr.NotNull n) {
            first = n.value();
        } else if (e instanceof Expr.Convert c) {
            first = c.value();
        } else if (e instanceof Expr.Call c && !c.args().isEmpty()) {
            first = c.args().get(0);
        } else if (e instanceof Expr.CallBuiltin c && !c.args().isEmpty()) {
            first = c.args().get(0);
        } else if (e instanceof Expr.CallValue c) {
            first = c.callee();
        } else if (e instanceof Expr.Interpolation in && !in.parts().isEmpty()) {
            first = in.parts().get(0);
        } else if (e instanceof Expr.Block b && b.value() != null) {
            // a block's mismatch is its value's (if/match branches)
            return startOf(b.value());
        }
        if (first == null) {
            return p;
        }
        Pos q = startOf(first);
        return q.line() < p.line() || (q.line() == p.line() && q.column() < p.column()) ? q : p;
    }

    /** {@link #coerce} without reporting: null when not assignable. */
    private Expr coerceQuiet(Expr e, Type to) {
        if (!assignable(e, to)) {
            return null;
        }
        return coerce(e, to);
    }

    private boolean assignable(Expr e, Type to) {
        Type from = e.type();
        if (from.equals(to) || from == Type.ERROR || to == Type.ERROR || from == Type.NEVER || to == Type.VOID) {
            return true;
        }
        if (to == Type.ANY) {
            return from != Type.VOID;
        }
        if ((to == Type.FLOAT || (to instanceof Type.NullableType n0 && n0.inner() == Type.FLOAT)) && literalToFloat(e) != null) {
            return true;
        }
        if (to instanceof Type.NullableType nt) {
            if (from == Type.NULL) {
                return true;
            }
            return !(from instanceof Type.NullableType) && assignableType(from, nt.inner());
        }
        return false;
    }

    private static boolean assignableType(Type from, Type to) {
        if (from.equals(to) || from == Type.ERROR || to == Type.ERROR || from == Type.NEVER) {
            return true;
        }
        if (to == Type.ANY) {
            return from != Type.VOID;
        }
        if (to instanceof Type.NullableType nt) {
            return from == Type.NULL || (!(from instanceof Type.NullableType) && assignableType(from, nt.inner()));
        }
        return false;
    }

    /** An integer literal (or its negation) as a Float literal; null for anything else. */
    private static Expr literalToFloat(Expr e) {
        if (e instanceof Expr.IntLit i) {
            return new Expr.FloatLit((double) i.value(), i.pos());
        }
        if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG && u.operand() instanceof Expr.IntLit i) {
            return new Expr.Unary(UnaryOp.NEG, new Expr.FloatLit((double) i.value(), i.pos()), Type.FLOAT, u.pos());
        }
        return null;
    }

    /** The typed node for {@code e}; see the class comment for {@code expected}. */
    Expr check(Ast.Expr e, Scope s, Type expected) {
        if (e instanceof Ast.IntLit i) {
            if (expected == Type.FLOAT || (expected instanceof Type.NullableType n && n.inner() == Type.FLOAT)) {
                return new Expr.FloatLit((double) i.value(), i.pos());
            }
            return new Expr.IntLit(i.value(), i.pos());
        }
        if (e instanceof Ast.FloatLit f) {
            return new Expr.FloatLit(f.value(), f.pos());
        }
        if (e instanceof Ast.BoolLit b) {
            return new Expr.BoolLit(b.value(), b.pos());
        }
        if (e instanceof Ast.CharLit c) {
            return new Expr.CharLit(c.codePoint(), c.pos());
        }
        if (e instanceof Ast.StringLit str) {
            return checkString(str, s);
        }
        if (e instanceof Ast.NullLit n) {
            Type t = expected != null && Types.admitsNull(expected) ? expected : Type.NULL;
            return new Expr.NullLit(t, n.pos());
        }
        if (e instanceof Ast.Name n) {
            return checkName(n, s, expected);
        }
        if (e instanceof Ast.Paren p) {
            return check(p.inner(), s, expected);
        }
        if (e instanceof Ast.Unary u) {
            return checkUnary(u, s, expected);
        }
        if (e instanceof Ast.Binary b) {
            return checkBinary(b, s, expected);
        }
        if (e instanceof Ast.Assign a) {
            return checkAssign(a, s);
        }
        if (e instanceof Ast.Call c) {
            return checkCall(c, s, expected);
        }
        if (e instanceof Ast.Field f) {
            return checkField(f, s, expected);
        }
        if (e instanceof Ast.TupleIndex t) {
            Expr tuple = check(t.tuple(), s, null);
            return tupleGet(tuple, t.index(), t.pos());
        }
        if (e instanceof Ast.Index i) {
            return checkIndex(i, s);
        }
        if (e instanceof Ast.NotNull n) {
            Expr v = check(n.value(), s, expected == null || expected == Type.VOID ? null : Types.nullable(expected));
            if (v.type() == Type.ERROR) {
                return v;
            }
            if (!Types.admitsNull(v.type()) || v.type() == Type.NULL) {
                if (v.type() == Type.NULL) {
                    reporter.error(n.pos(), "'!!' on null always fails");
                    return errorExpr(n.pos());
                }
                return v;
            }
            if (v.type() == Type.ANY) {
                return new Expr.NotNull(v, Type.ANY, n.pos());
            }
            return new Expr.NotNull(v, Types.nonNull(v.type()), n.pos());
        }
        if (e instanceof Ast.As a) {
            return checkAsConversion(a, s);
        }
        if (e instanceof Ast.Range r) {
            reporter.error(r.pos(), "ranges are only allowed in 'for'");
            check(r.start(), s, null);
            check(r.end(), s, null);
            return errorExpr(r.pos());
        }
        if (e instanceof Ast.If i) {
            return checkIf(i, s, expected);
        }
        if (e instanceof Ast.Match m) {
            return checkMatch(m, s, expected);
        }
        if (e instanceof Ast.Block b) {
            return checkBlock(b, s, expected);
        }
        if (e instanceof Ast.While w) {
            return checkWhile(w, s);
        }
        if (e instanceof Ast.For f) {
            return checkFor(f, s);
        }
        if (e instanceof Ast.Break b) {
            UnitContext.LoopInfo loop = s.fn.loops.peekLast();
            if (loop == null) {
                reporter.error(b.pos(), "'break' outside of a loop");
                return errorExpr(b.pos());
            }
            loop.hasBreak = true;
            return new Expr.Break(loop.id, b.pos());
        }
        if (e instanceof Ast.Continue c) {
            UnitContext.LoopInfo loop = s.fn.loops.peekLast();
            if (loop == null) {
                reporter.error(c.pos(), "'continue' outside of a loop");
                return errorExpr(c.pos());
            }
            return new Expr.Continue(loop.id, c.pos());
        }
        if (e instanceof Ast.Return r) {
            return checkReturn(r, s);
        }
        if (e instanceof Ast.Lambda l) {
            return checkLambda(l, s, expected, s.fn.unit.displayName() + ".<closure>");
        }
        if (e instanceof Ast.StructLit sl) {
            return checkStructLit(sl, s, expected);
        }
        if (e instanceof Ast.ArrayLit a) {
            return checkArrayLit(a, s, expected);
        }
        if (e instanceof Ast.ArrayRepeat a) {
            Type el = expected instanceof Type.ArrayType at ? at.element() : null;
            Expr value = el != null ? checkAs(a.value(), s, el) : check(a.value(), s, null);
            Expr count = checkAs(a.count(), s, Type.INT);
            Type vt = el != null ? el : value.type();
            if (vt == Type.NULL) {
                reporter.error(a.value().pos(), "cannot infer the element type of [null; n]: add a type annotation");
                return errorExpr(a.pos());
            }
            if (!valueType(value)) {
                return errorExpr(a.pos());
            }
            return new Expr.ArrayRepeat(new Type.ArrayType(vt), value, count, a.pos());
        }
        if (e instanceof Ast.TupleLit t) {
            List<Type> exps = expected instanceof Type.TupleType tt && tt.elements().size() == t.elements().size() ? tt.elements() : null;
            List<Expr> els = new ArrayList<>();
            List<Type> types = new ArrayList<>();
            boolean bad = false;
            for (int i = 0; i < t.elements().size(); i++) {
                Expr el = exps != null ? checkAs(t.elements().get(i), s, exps.get(i)) : check(t.elements().get(i), s, null);
                if (el.type() == Type.NULL) {
                    reporter.error(el.pos(), "cannot infer the type of null in a tuple: add a type annotation");
                    bad = true;
                }
                bad |= !valueType(el);
                els.add(el);
                types.add(el.type());
            }
            if (bad || types.contains(Type.ERROR)) {
                return errorExpr(t.pos());
            }
            return new Expr.TupleNew(new Type.TupleType(types), els, t.pos());
        }
        if (e instanceof Ast.Spawn sp) {
            return checkSpawn(sp, s, expected);
        }
        return errorExpr(e.pos());
    }

    /** Reports a Void value where a value is needed. */
    private boolean valueType(Expr e) {
        if (e.type() == Type.VOID) {
            reporter.error(startOf(e), "expression has no value");
            return false;
        }
        return e.type() != Type.ERROR;
    }

    private Expr checkString(Ast.StringLit str, Scope s) {
        if (str.parts().size() == 1 && str.parts().get(0) instanceof String text) {
            return new Expr.StringLit(text, str.pos());
        }
        List<Expr> parts = new ArrayList<>();
        for (Object part : str.parts()) {
            if (part instanceof String text) {
                if (!text.isEmpty()) {
                    parts.add(new Expr.StringLit(text, str.pos()));
                }
            } else {
                Expr e = check((Ast.Expr) part, s, null);
                valueType(e);
                parts.add(e);
            }
        }
        return new Expr.Interpolation(parts, str.pos());
    }

    // ------------------------------------------------------------------- names and variables

    private record Found(LocalVar var, Scope scope) {
    }

    private static Found lookup(String name, Scope s) {
        for (Scope sc = s; sc != null; sc = sc.parent) {
            LocalVar v = sc.own(name);
            if (v != null) {
                return new Found(v, sc);
            }
        }
        return null;
    }

    /** The expression that reaches {@code v} from the unit {@code ctx} (a local, or a capture chain). */
    private Expr access(LocalVar v, UnitContext ctx, Pos pos) {
        if (v.owner() == ctx.unit || ctx.lambda == null || ctx.parent == null) {
            return new Expr.Local(v, pos);
        }
        Expr source = access(v, ctx.parent, pos);
        return new Expr.Captured(ctx.lambda.capture(v, source), pos);
    }

    private boolean canNarrow(LocalVar v, Scope s) {
        Set<String> spawnNested = spawnBlockClosureAssigned.get(s.fn);
        if (spawnNested != null && v.owner() == s.fn.unit) {
            // a variable of the spawn block itself: only a closure nested in the block could change it
            return !spawnNested.contains(v.name());
        }
        return !s.fn.assignedInClosures.contains(v.name());
    }

    private Type factFor(LocalVar v, Scope s) {
        UnitContext fn = s.fn;
        for (Scope sc = s; sc != null; sc = sc.parent) {
            if (sc.fn != fn) {
                // crossing into an enclosing function: its facts hold only for variables never assigned
                if (sc.fn.assignedNames.contains(v.name())) {
                    return null;
                }
                fn = sc.fn;
            }
            Type f = sc.ownFact(v);
            if (f != null) {
                return f;
            }
            if (sc.own(v.name()) == v) {
                return null;
            }
        }
        return null;
    }

    private Expr readVar(LocalVar v, Scope s, Pos pos) {
        if (unassigned.contains(v) && reportedUnassigned.add(v)) {
            reporter.error(pos, "variable '" + v.name() + "' is used before being assigned");
        }
        Expr e = access(v, s.fn, pos);
        Type fact = factFor(v, s);
        if (fact != null && !fact.equals(v.type())) {
            return new Expr.Convert(Conversion.NARROW, e, fact, pos);
        }
        return e;
    }

    private static void killFacts(LocalVar v, Scope s) {
        for (Scope sc = s; sc != null; sc = sc.parent) {
            sc.killFact(v);
        }
    }

    private Expr checkName(Ast.Name n, Scope s, Type expected) {
        Found f = lookup(n.name(), s);
        if (f != null) {
            return readVar(f.var(), s, n.pos());
        }
        FunctionDecl fn = functions.get(n.name());
        if (fn != null) {
            return functionRef(fn, n.pos(), expected);
        }
        switch (n.name()) {
            case "PI":
                return new Expr.FloatLit(Math.PI, n.pos());
            case "E":
                return new Expr.FloatLit(Math.E, n.pos());
            default:
                break;
        }
        if (structs.containsKey(n.name()) || enums.containsKey(n.name()) || aliases.containsKey(n.name()) || isBuiltinTypeName(n.name())) {
            reporter.error(n.pos(), "'" + n.name() + "' is a type, not a value");
            return errorExpr(n.pos());
        }
        if (imports.contains(n.name())) {
            reporter.error(n.pos(), "'" + n.name() + "' is a module, not a value");
            return errorExpr(n.pos());
        }
        if (isBuiltinFunctionName(n.name())) {
            reporter.error(n.pos(), "built-in function '" + n.name() + "' cannot be used as a value; wrap it in a closure");
            return errorExpr(n.pos());
        }
        reporter.error(n.pos(), "undefined name '" + n.name() + "'");
        return errorExpr(n.pos());
    }

    private Expr functionRef(FunctionDecl fn, Pos pos, Type expected) {
        if (fn.typeParams().isEmpty()) {
            instantiations.record(fn, List.of(), pos);
            return new Expr.FunctionRef(fn, List.of(), fn.functionType(), pos);
        }
        Type[] bindings = new Type[fn.typeParams().size()];
        if (expected instanceof Type.FunctionType ft) {
            unify(fn.functionType(), ft, fn.typeParams(), bindings);
        }
        List<Type> args = new ArrayList<>();
        for (int i = 0; i < bindings.length; i++) {
            if (bindings[i] == null) {
                reporter.error(pos, "cannot infer type argument '" + fn.typeParams().get(i).name() + "' of '" + fn.name() + "'");
                return errorExpr(pos);
            }
            args.add(bindings[i]);
        }
        instantiations.record(fn, args, pos);
        Type.FunctionType t = (Type.FunctionType) Types.substitute(fn.functionType(), fn.typeParams(), args);
        return new Expr.FunctionRef(fn, args, t, pos);
    }

    // ------------------------------------------------------------------- operators

    private Expr checkUnary(Ast.Unary u, Scope s, Type expected) {
        if (u.op() == TokenKind.BANG) {
            Expr v = checkAs(u.operand(), s, Type.BOOL);
            return new Expr.Unary(UnaryOp.NOT, v, Type.BOOL, u.pos());
        }
        Type exp = expected == Type.FLOAT || expected == Type.INT ? expected : null;
        Expr v = check(u.operand(), s, exp);
        if (v.type() == Type.ERROR) {
            return v;
        }
        if (v.type() != Type.INT && v.type() != Type.FLOAT) {
            reporter.error(u.pos(), "operator '-' cannot be applied to " + v.type());
            return errorExpr(u.pos());
        }
        return new Expr.Unary(UnaryOp.NEG, v, v.type(), u.pos());
    }

    private static BinaryOp binaryOp(TokenKind k) {
        return switch (k) {
            case PLUS, PLUS_ASSIGN -> BinaryOp.ADD;
            case MINUS, MINUS_ASSIGN -> BinaryOp.SUB;
            case STAR, STAR_ASSIGN -> BinaryOp.MUL;
            case SLASH, SLASH_ASSIGN -> BinaryOp.DIV;
            case PERCENT, PERCENT_ASSIGN -> BinaryOp.REM;
            case AMP, AMP_ASSIGN -> BinaryOp.BIT_AND;
            case PIPE, PIPE_ASSIGN -> BinaryOp.BIT_OR;
            case CARET, CARET_ASSIGN -> BinaryOp.BIT_XOR;
            case SHL, SHL_ASSIGN -> BinaryOp.SHL;
            case SHR, SHR_ASSIGN -> BinaryOp.SHR;
            case EQ -> BinaryOp.EQ;
            case NE -> BinaryOp.NE;
            case LT -> BinaryOp.LT;
            case LE -> BinaryOp.LE;
            case GT -> BinaryOp.GT;
            case GE -> BinaryOp.GE;
            case AND_AND -> BinaryOp.AND;
            case OR_OR -> BinaryOp.OR;
            default -> null;
        };
    }

    private Expr checkBinary(Ast.Binary b, Scope s, Type expected) {
        switch (b.op()) {
            case AND_AND, OR_OR, EQ, NE:
                if (b.op() == TokenKind.AND_AND || b.op() == TokenKind.OR_OR
                        || b.left() instanceof Ast.NullLit || b.right() instanceof Ast.NullLit) {
                    Facts facts = new Facts();
                    return checkCondition(b, s, facts);
                }
                break;
            case ELVIS:
                return checkElvis(b, s, expected);
            case PIPE_GT:
                return checkPipe(b, s, expected);
            default:
                break;
        }
        BinaryOp op = binaryOp(b.op());
        // D21: an expected Float flows into the operands of + - * / % (literal arithmetic becomes Float
        // arithmetic); an Int variable never converts
        boolean arithmetic = op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV || op == BinaryOp.REM;
        Type exp = arithmetic && expected == Type.FLOAT ? Type.FLOAT : null;
        Expr l = check(b.left(), s, exp);
        boolean floatContext = arithmetic || op == BinaryOp.LT || op == BinaryOp.LE || op == BinaryOp.GT || op == BinaryOp.GE;
        Type rightExp = exp != null ? exp : l.type() == Type.FLOAT && floatContext ? Type.FLOAT : null;
        if (op == BinaryOp.EQ || op == BinaryOp.NE) {
            rightExp = l.type() == Type.ERROR || l.type() == Type.NULL ? null : l.type();
            if (rightExp instanceof Type.NullableType || rightExp == Type.ANY) {
                rightExp = null;
            }
        }
        Expr r = check(b.right(), s, rightExp);
        return binary(op, l, r, b.pos());
    }

    private Expr binary(BinaryOp op, Expr l, Expr r, Pos pos) {
        if (l.type() == Type.ERROR || r.type() == Type.ERROR) {
            return errorExpr(pos);
        }
        if (!valueType(l) || !valueType(r)) {
            return errorExpr(pos);
        }
        // an integer literal next to a Float is a Float (arithmetic and comparisons only)
        boolean literalsToFloat = op != BinaryOp.SHL && op != BinaryOp.SHR && op != BinaryOp.BIT_AND
                && op != BinaryOp.BIT_OR && op != BinaryOp.BIT_XOR && op != BinaryOp.AND && op != BinaryOp.OR;
        if (!literalsToFloat) {
            // no conversion
        } else if (l.type() == Type.FLOAT && r.type() == Type.INT && literalToFloat(r) != null) {
            r = literalToFloat(r);
        } else if (r.type() == Type.FLOAT && l.type() == Type.INT && literalToFloat(l) != null) {
            l = literalToFloat(l);
        }
        Type lt = l.type();
        Type rt = r.type();
        String sym = op.symbol();
        switch (op) {
            case ADD:
                if (lt == Type.STRING) {
                    if (rt == Type.STRING) {
                        return new Expr.Binary(op, l, r, Type.STRING, Type.STRING, pos);
                    }
                    // "text" + value formats the value as str() does
                    return new Expr.Interpolation(List.of(l, r), pos);
                }
                // fall through
            case SUB:
            case MUL:
            case DIV:
            case REM:
                if (lt == rt && (lt == Type.INT || lt == Type.FLOAT)) {
                    return new Expr.Binary(op, l, r, lt, lt, pos);
                }
                return operandError(sym, lt, rt, pos);
            case BIT_AND:
            case BIT_OR:
            case BIT_XOR:
                if (lt == rt && (lt == Type.INT || lt == Type.BOOL)) {
                    return new Expr.Binary(op, l, r, lt, lt, pos);
                }
                return operandError(sym, lt, rt, pos);
            case SHL:
            case SHR:
                if (lt == Type.INT && rt == Type.INT) {
                    return new Expr.Binary(op, l, r, Type.INT, Type.INT, pos);
                }
                return operandError(sym, lt, rt, pos);
            case LT:
            case LE:
            case GT:
            case GE:
                if (lt == rt && (lt == Type.INT || lt == Type.FLOAT || lt == Type.CHAR || lt == Type.STRING)) {
                    return new Expr.Binary(op, l, r, lt, Type.BOOL, pos);
                }
                return operandError(sym, lt, rt, pos);
            case EQ:
            case NE: {
                if (lt.equals(rt)) {
                    return new Expr.Binary(op, l, r, lt, Type.BOOL, pos);
                }
                if (assignable(l, rt)) {
                    return new Expr.Binary(op, coerce(l, rt), r, rt, Type.BOOL, pos);
                }
                if (assignable(r, lt)) {
                    return new Expr.Binary(op, l, coerce(r, lt), lt, Type.BOOL, pos);
                }
                reporter.error(pos, "cannot compare " + lt + " and " + rt);
                return errorExpr(pos);
            }
            case AND:
            case OR:
                if (lt == Type.BOOL && rt == Type.BOOL) {
                    return new Expr.Binary(op, l, r, Type.BOOL, Type.BOOL, pos);
                }
                return operandError(sym, lt, rt, pos);
            default:
                return errorExpr(pos);
        }
    }

    private Expr operandError(String sym, Type lt, Type rt, Pos pos) {
        reporter.error(pos, "operator '" + sym + "' cannot be applied to " + lt + " and " + rt);
        return errorExpr(pos);
    }

    /** Facts a condition establishes when it is true / false. */
    private static final class Facts {
        final Map<LocalVar, Type> whenTrue = new HashMap<>();
        final Map<LocalVar, Type> whenFalse = new HashMap<>();
    }

    /** Checks a Bool condition and collects its flow-typing facts. */
    private Expr checkCondition(Ast.Expr e, Scope s, Facts facts) {
        if (e instanceof Ast.Paren p) {
            return checkCondition(p.inner(), s, facts);
        }
        if (e instanceof Ast.Unary u && u.op() == TokenKind.BANG) {
            Facts inner = new Facts();
            Expr v = checkCondition(u.operand(), s, inner);
            facts.whenTrue.putAll(inner.whenFalse);
            facts.whenFalse.putAll(inner.whenTrue);
            if (v.type() == Type.ERROR) {
                return v;
            }
            return new Expr.Unary(UnaryOp.NOT, coerce(v, Type.BOOL), Type.BOOL, u.pos());
        }
        if (e instanceof Ast.Binary b && (b.op() == TokenKind.AND_AND || b.op() == TokenKind.OR_OR)) {
            boolean and = b.op() == TokenKind.AND_AND;
            Facts left = new Facts();
            Expr l = coerce(checkCondition(b.left(), s, left), Type.BOOL);
            Scope rs = new Scope(s, s.fn);
            addFacts(rs, and ? left.whenTrue : left.whenFalse);
            Facts right = new Facts();
            Set<LocalVar> before = new HashSet<>(unassigned);
            Expr r = coerce(checkCondition(b.right(), rs, right), Type.BOOL);
            unassigned = before;
            if (and) {
                facts.whenTrue.putAll(left.whenTrue);
                facts.whenTrue.putAll(right.whenTrue);
            } else {
                facts.whenFalse.putAll(left.whenFalse);
                facts.whenFalse.putAll(right.whenFalse);
            }
            if (l.type() == Type.ERROR || r.type() == Type.ERROR) {
                return errorExpr(b.pos());
            }
            return new Expr.Binary(and ? BinaryOp.AND : BinaryOp.OR, l, r, Type.BOOL, Type.BOOL, b.pos());
        }
        if (e instanceof Ast.Binary b && (b.op() == TokenKind.EQ || b.op() == TokenKind.NE)
                && (b.left() instanceof Ast.NullLit || b.right() instanceof Ast.NullLit)) {
            boolean isNull = b.op() == TokenKind.EQ;
            Ast.Expr other = b.left() instanceof Ast.NullLit ? b.right() : b.left();
            if (other instanceof Ast.NullLit) {
                return new Expr.BoolLit(isNull, b.pos());
            }
            Expr v = check(other, s, null);
            if (v.type() == Type.ERROR) {
                return v;
            }
            if (!valueType(v)) {
                return errorExpr(b.pos());
            }
            if (!Types.admitsNull(v.type())) {
                return new Expr.Block(List.of(new Stmt.ExprStmt(v)), new Expr.BoolLit(!isNull, b.pos()), Type.BOOL, b.pos());
            }
            Ast.Expr target = other;
            while (target instanceof Ast.Paren p) {
                target = p.inner();
            }
            if (target instanceof Ast.Name n && v.type() instanceof Type.NullableType nt) {
                Found f = lookup(n.name(), s);
                if (f != null && canNarrow(f.var(), s)) {
                    (isNull ? facts.whenFalse : facts.whenTrue).put(f.var(), nt.inner());
                }
            }
            Expr tested = v instanceof Expr.Convert c && c.conversion() == Conversion.NARROW ? c.value() : v;
            return new Expr.NullTest(tested, isNull, b.pos());
        }
        return checkAs(e, s, Type.BOOL);
    }

    private static void addFacts(Scope s, Map<LocalVar, Type> facts) {
        for (Map.Entry<LocalVar, Type> f : facts.entrySet()) {
            s.addFact(f.getKey(), f.getValue());
        }
    }

    private Expr checkElvis(Ast.Binary b, Scope s, Type expected) {
        Type exp = expected == null || expected == Type.VOID ? null : Types.nullable(expected);
        Expr l = check(b.left(), s, exp);
        if (l.type() == Type.ERROR) {
            check(b.right(), s, null);
            return l;
        }
        if (!valueType(l)) {
            return errorExpr(b.pos());
        }
        if (!Types.admitsNull(l.type())) {
            Set<LocalVar> before = new HashSet<>(unassigned);
            check(b.right(), s, null);
            unassigned = before;
            return l;
        }
        Type inner = l.type() == Type.NULL ? null : l.type() == Type.ANY ? Type.ANY : Types.nonNull(l.type());
        Type rexp = expected != null && expected != Type.VOID ? expected : inner;
        Set<LocalVar> before = new HashSet<>(unassigned);
        Expr r = check(b.right(), s, rexp);
        unassigned = before;
        if (r.type() == Type.ERROR) {
            return r;
        }
        if (inner == null) {
            return r;
        }
        if (r.type() == Type.NEVER || assignable(r, inner)) {
            return new Expr.Elvis(l, coerce(r, inner), inner, b.pos());
        }
        if (assignable(r, l.type())) {
            return new Expr.Elvis(l, coerce(r, l.type()), l.type(), b.pos());
        }
        reporter.error(b.right().pos(), "type mismatch: expected " + inner + ", found " + r.type());
        return errorExpr(b.pos());
    }

    /**
     * {@code x |> f} is {@code f(x)} when {@code f} is a name (a variable, a top-level or prelude
     * function); otherwise the right side is any expression of a one-parameter function type and is
     * called with {@code x}: {@code x |> f(y)} is {@code (f(y))(x)} (D32).
     */
    private Expr checkPipe(Ast.Binary b, Scope s, Type expected) {
        Ast.Expr right = b.right();
        if (right instanceof Ast.Name n) {
            return checkCall(new Ast.Call(n, List.of(b.left()), n.pos()), s, expected);
        }
        Expr fn = check(right, s, null);
        return callValue(fn, List.of(b.left()), s, b.pos());
    }

    private Expr checkAsConversion(Ast.As a, Scope s) {
        Type target = resolveType(a.type(), typeEnv(s));
        Expr v = check(a.value(), s, null);
        if (v.type() == Type.ERROR || target == Type.ERROR) {
            return errorExpr(a.pos());
        }
        Type from = v.type();
        if (from.equals(target)) {
            return new Expr.Convert(Conversion.IDENTITY, v, target, a.pos());
        }
        if (from == Type.INT && target == Type.FLOAT) {
            return new Expr.Convert(Conversion.INT_TO_FLOAT, v, target, a.pos());
        }
        if (from == Type.FLOAT && target == Type.INT) {
            return new Expr.Convert(Conversion.FLOAT_TO_INT, v, target, a.pos());
        }
        if (from == Type.INT && target == Type.CHAR) {
            return new Expr.Convert(Conversion.INT_TO_CHAR, v, target, a.pos());
        }
        if (from == Type.CHAR && target == Type.INT) {
            return new Expr.Convert(Conversion.CHAR_TO_INT, v, target, a.pos());
        }
        if (assignable(v, target)) {
            return coerce(v, target);
        }
        reporter.error(a.pos(), "cannot convert " + from + " to " + target);
        return errorExpr(a.pos());
    }

    // ------------------------------------------------------------------- assignment

    private Expr checkAssign(Ast.Assign a, Scope s) {
        Ast.Expr target = a.target();
        while (target instanceof Ast.Paren p) {
            target = p.inner();
        }
        BinaryOp op = a.op() == TokenKind.ASSIGN ? null : binaryOp(a.op());
        Expr t;
        LocalVar assignedVar = null;
        if (target instanceof Ast.Name n) {
            Found f = lookup(n.name(), s);
            if (f == null) {
                if (functions.containsKey(n.name())) {
                    reporter.error(n.pos(), "cannot assign to function '" + n.name() + "'");
                } else {
                    reporter.error(n.pos(), "undefined name '" + n.name() + "'");
                }
                check(a.value(), s, null);
                return errorExpr(a.pos());
            }
            LocalVar v = f.var();
            if (v.isParameter()) {
                reporter.error(n.pos(), "cannot assign to parameter '" + v.name() + "'");
                check(a.value(), s, null);
                return errorExpr(a.pos());
            }
            if (loopVariables.contains(v)) {
                reporter.error(n.pos(), "cannot assign to loop variable '" + v.name() + "'");
                check(a.value(), s, null);
                return errorExpr(a.pos());
            }
            boolean initialisation = op == null && unassigned.contains(v);
            if (!v.isDeclaredMutable() && !initialisation) {
                reporter.warning(n.pos(), "'" + v.name() + "' is declared with 'let'; use 'var' to reassign it");
            }
            if (op != null && unassigned.contains(v) && reportedUnassigned.add(v)) {
                reporter.error(n.pos(), "variable '" + v.name() + "' is used before being assigned");
            }
            v.markReassigned();
            assignedVar = v;
            t = access(v, s.fn, n.pos());
            Type fact = factFor(v, s);
            if (op != null && fact != null) {
                t = new Expr.Convert(Conversion.NARROW, t, fact, n.pos());
            }
        } else if (target instanceof Ast.Field f) {
            Expr obj = check(f.object(), s, null);
            t = fieldGet(obj, f.name(), f.pos(), true);
        } else if (target instanceof Ast.Index i) {
            t = checkIndex(i, s);
        } else if (target instanceof Ast.TupleIndex ti) {
            check(ti.tuple(), s, null);
            reporter.error(a.pos(), "cannot assign to a tuple element");
            check(a.value(), s, null);
            return errorExpr(a.pos());
        } else {
            reporter.error(a.pos(), "cannot assign to this expression");
            check(target, s, null);
            check(a.value(), s, null);
            return errorExpr(a.pos());
        }
        if (t.type() == Type.ERROR) {
            check(a.value(), s, null);
            return errorExpr(a.pos());
        }
        if (op == null) {
            Expr value = check(a.value(), s, t.type());
            boolean nonNull = !Types.admitsNull(value.type()) && value.type() != Type.ERROR && value.type() != Type.NEVER;
            value = coerce(value, t.type());
            if (assignedVar != null) {
                unassigned.remove(assignedVar);
                killFacts(assignedVar, s);
                if (nonNull && assignedVar.type() instanceof Type.NullableType nt && canNarrow(assignedVar, s)) {
                    s.addFact(assignedVar, nt.inner());
                }
            }
            return new Expr.Assign(t, value, a.pos());
        }
        Type tt = t.type();
        Expr value = check(a.value(), s, tt == Type.FLOAT ? Type.FLOAT : null);
        Expr probe = binary(op, t, value, a.pos());
        if (probe.type() == Type.ERROR) {
            return probe;
        }
        boolean narrowed = t instanceof Expr.Convert c && c.conversion() == Conversion.NARROW;
        Expr stored = narrowed ? ((Expr.Convert) t).value() : t;
        boolean stringAppend = op == BinaryOp.ADD && tt == Type.STRING && probe instanceof Expr.Interpolation;
        if (!stringAppend && (!(probe instanceof Expr.Binary bin) || !bin.operandType().equals(tt))) {
            reporter.error(a.pos(), "operator '" + a.op().text() + "' cannot be applied to " + tt + " and " + value.type());
            return errorExpr(a.pos());
        }
        if (assignedVar != null) {
            killFacts(assignedVar, s);
        }
        if (stringAppend || narrowed) {
            // s += x with a non-String x formats x (D27); a narrowed nullable local is read, combined and
            // stored back (a local has no sub-expressions to evaluate twice): plain assignments
            if (narrowed && assignedVar != null && canNarrow(assignedVar, s)) {
                s.addFact(assignedVar, tt);
            }
            return new Expr.Assign(stored, coerce(probe, stored.type()), a.pos());
        }
        return new Expr.CompoundAssign(stored, op, ((Expr.Binary) probe).right(), tt, a.pos());
    }

    // ------------------------------------------------------------------- access

    private Expr tupleGet(Expr tuple, int index, Pos pos) {
        if (tuple.type() == Type.ERROR) {
            return tuple;
        }
        if (!(tuple.type() instanceof Type.TupleType tt)) {
            if (tuple.type() instanceof Type.NullableType n && n.inner() instanceof Type.TupleType) {
                reporter.error(pos, "receiver of type " + tuple.type() + " may be null");
            } else {
                reporter.error(pos, "type " + tuple.type() + " is not a tuple");
            }
            return errorExpr(pos);
        }
        if (index < 0 || index >= tt.elements().size()) {
            reporter.error(pos, "tuple " + tt + " has no field " + index);
            return errorExpr(pos);
        }
        return new Expr.TupleGet(tuple, index, tt.elements().get(index), pos);
    }

    private Expr checkIndex(Ast.Index i, Scope s) {
        Expr obj = check(i.object(), s, null);
        Expr index = checkAs(i.index(), s, Type.INT);
        if (obj.type() == Type.ERROR || index.type() == Type.ERROR) {
            return errorExpr(i.pos());
        }
        if (obj.type() instanceof Type.ArrayType at) {
            return new Expr.Index(obj, index, at.element(), i.pos());
        }
        if (obj.type() instanceof Type.NullableType n && n.inner() instanceof Type.ArrayType) {
            reporter.error(i.pos(), "receiver of type " + obj.type() + " may be null");
            return errorExpr(i.pos());
        }
        if (obj.type() == Type.STRING) {
            reporter.error(i.pos(), "type String cannot be indexed");
            return errorExpr(i.pos());
        }
        reporter.error(i.pos(), "type " + obj.type() + " cannot be indexed");
        return errorExpr(i.pos());
    }

    private Expr fieldGet(Expr obj, String name, Pos pos, boolean forAssignment) {
        Type t = obj.type();
        if (t == Type.ERROR) {
            return obj;
        }
        if (t instanceof Type.NullableType n && n.inner() instanceof Type.StructType) {
            reporter.error(pos, "receiver of type " + t + " may be null");
            return errorExpr(pos);
        }
        if (t instanceof Type.StructType st) {
            Field f = st.decl().field(name);
            if (f == null) {
                reporter.error(pos, "type " + st + " has no field '" + name + "'");
                return errorExpr(pos);
            }
            return new Expr.FieldGet(obj, f, st.fieldType(f), pos);
        }
        if (!forAssignment && hasBuiltinMethod(t, name)) {
            reporter.error(pos, "'" + name + "' is a method: call it as ." + name + "()");
            return errorExpr(pos);
        }
        reporter.error(pos, "type " + t + " has no field '" + name + "'");
        return errorExpr(pos);
    }

    private Expr checkField(Ast.Field f, Scope s, Type expected) {
        // Shape.Empty, Result.Ok (no call), module constants
        if (f.object() instanceof Ast.Name n && lookup(n.name(), s) == null) {
            EnumDecl ed = enumNamed(n);
            if (ed != null) {
                return enumConstruct(ed, n, f.name(), null, s, expected, f.pos());
            }
            if (imports.contains(n.name()) || KNOWN_MODULES.contains(n.name())) {
                return moduleMember(n, f.name(), null, s, f.pos());
            }
        }
        Expr obj = check(f.object(), s, null);
        if (f.safe()) {
            return safeAccess(obj, s, f.pos(), inner -> fieldGet(inner, f.name(), f.pos(), false));
        }
        return fieldGet(obj, f.name(), f.pos(), false);
    }

    private EnumDecl enumNamed(Ast.Name n) {
        EnumDecl ed = enums.get(n.name());
        if (ed != null) {
            return ed;
        }
        AliasInfo a = aliases.get(n.name());
        if (a != null && resolveAlias(a) instanceof Type.EnumType et) {
            return et.decl();
        }
        return null;
    }

    /** {@code a?.x}: null when {@code a} is null, else {@code body(a)} — as a block with a temporary. */
    private Expr safeAccess(Expr obj, Scope s, Pos pos, java.util.function.Function<Expr, Expr> body) {
        if (obj.type() == Type.ERROR) {
            return obj;
        }
        if (!(obj.type() instanceof Type.NullableType nt)) {
            return body.apply(obj);
        }
        LocalVar tmp = s.fn.unit.newVariable("$safe" + (tempCounter++), obj.type(), false, false, pos);
        Expr inner = body.apply(new Expr.Convert(Conversion.NARROW, new Expr.Local(tmp, pos), nt.inner(), pos));
        if (inner.type() == Type.ERROR) {
            return inner;
        }
        Stmt let = new Stmt.Let(tmp, obj, pos);
        Expr test = new Expr.NullTest(new Expr.Local(tmp, pos), false, pos);
        if (inner.type() == Type.VOID || inner.type() == Type.NEVER) {
            Expr iff = new Expr.If(test, inner, null, Type.VOID, pos);
            return new Expr.Block(List.of(let, new Stmt.ExprStmt(iff)), null, Type.VOID, pos);
        }
        Type rt = Types.nullable(inner.type());
        Expr iff = new Expr.If(test, coerce(inner, rt), new Expr.NullLit(rt, pos), rt, pos);
        return new Expr.Block(List.of(let), iff, rt, pos);
    }

    // ------------------------------------------------------------------- calls

    private Expr checkCall(Ast.Call c, Scope s, Type expected) {
        Ast.Expr callee = c.callee();
        if (callee instanceof Ast.Name n) {
            Found f = lookup(n.name(), s);
            if (f != null) {
                return callValue(readVar(f.var(), s, n.pos()), c.args(), s, c.pos());
            }
            FunctionDecl fn = functions.get(n.name());
            if (fn != null) {
                return callFunction(fn, List.of(), c.args(), s, expected, c.pos());
            }
            if (n.name().equals("Ok") || n.name().equals("Err")) {
                return enumConstruct(resultEnum, n, n.name(), c.args(), s, expected, c.pos());
            }
            Expr builtin = builtinCall(n.name(), c.args(), s, expected, c.pos());
            if (builtin != null) {
                return builtin;
            }
            checkArgsForErrors(c.args(), s);
            if (structs.containsKey(n.name())) {
                reporter.error(n.pos(), "'" + n.name() + "' is a struct: create it with " + n.name() + " { … }");
            } else if (enums.containsKey(n.name())) {
                reporter.error(n.pos(), "'" + n.name() + "' is an enum: create a value with " + n.name() + ".Variant(…)");
            } else {
                reporter.error(n.pos(), "undefined name '" + n.name() + "'");
            }
            return errorExpr(c.pos());
        }
        if (callee instanceof Ast.Field f) {
            if (f.object() instanceof Ast.Name n && lookup(n.name(), s) == null) {
                EnumDecl ed = enumNamed(n);
                if (ed != null) {
                    return enumConstruct(ed, n, f.name(), c.args(), s, expected, f.pos());
                }
                if (n.name().equals("String") && !structs.containsKey("String")) {
                    return stringStatic(f.name(), c.args(), s, f.pos());
                }
                if (n.name().equals("Channel") && f.name().equals("new")) {
                    return channelNew(n, c.args(), s, expected, f.pos());
                }
                if (imports.contains(n.name()) || KNOWN_MODULES.contains(n.name())) {
                    return moduleMember(n, f.name(), c.args(), s, f.pos());
                }
                if (inStdlib && n.name().equals("sys")) {
                    return systemCall(f.name(), c.args(), s, f.pos());
                }
                FunctionDecl statik = functions.get(n.name() + "." + f.name());
                if (statik != null && structs.containsKey(n.name())) {
                    // stdlib (#13): Map.new(), File.open(path, mode), …
                    return callFunction(statik, List.of(), c.args(), s, expected, f.pos());
                }
                if (structs.containsKey(n.name()) || isBuiltinTypeName(n.name())) {
                    checkArgsForErrors(c.args(), s);
                    reporter.error(f.pos(), "type " + n.name() + " has no function '" + f.name() + "'");
                    return errorExpr(f.pos());
                }
            }
            Expr recv = check(f.object(), s, null);
            if (f.safe()) {
                return safeAccess(recv, s, f.pos(), inner -> methodCall(inner, f.name(), c.args(), s, expected, f.pos()));
            }
            return methodCall(recv, f.name(), c.args(), s, expected, f.pos());
        }
        Expr fnValue = check(callee, s, null);
        return callValue(fnValue, c.args(), s, c.pos());
    }

    private void checkArgsForErrors(List<Ast.Expr> args, Scope s) {
        for (Ast.Expr a : args) {
            check(a, s, null);
        }
    }

    private static String calleeName(Expr callee) {
        if (callee instanceof Expr.Convert c) {
            callee = c.value();
        }
        if (callee instanceof Expr.Local l) {
            return l.variable().name();
        }
        if (callee instanceof Expr.Captured c) {
            return c.capture().variable().name();
        }
        if (callee instanceof Expr.FunctionRef f) {
            return f.function().name();
        }
        if (callee instanceof Expr.FieldGet f) {
            return f.field().name();
        }
        return "function value";
    }

    private Expr callValue(Expr callee, List<Ast.Expr> args, Scope s, Pos pos) {
        if (callee.type() == Type.ERROR) {
            checkArgsForErrors(args, s);
            return callee;
        }
        if (!(callee.type() instanceof Type.FunctionType ft)) {
            checkArgsForErrors(args, s);
            if (callee.type() instanceof Type.NullableType n && n.inner() instanceof Type.FunctionType) {
                reporter.error(pos, "cannot call a value of type " + callee.type());
            } else {
                reporter.error(pos, "cannot call a value of type " + callee.type());
            }
            return errorExpr(pos);
        }
        if (args.size() != ft.params().size()) {
            checkArgsForErrors(args, s);
            reporter.error(pos, "wrong number of arguments to '" + calleeName(callee) + "': expected " + ft.params().size() + ", found " + args.size());
            return errorExpr(pos);
        }
        List<Expr> typed = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            typed.add(checkAs(args.get(i), s, ft.params().get(i)));
        }
        return new Expr.CallValue(callee, typed, ft.result(), pos);
    }

    /** Arguments that need their expected type to be checked ({@code null}, {@code []}, closures). */
    private static boolean needsContext(Ast.Expr a) {
        while (a instanceof Ast.Paren p) {
            a = p.inner();
        }
        return a instanceof Ast.Lambda || a instanceof Ast.NullLit || (a instanceof Ast.ArrayLit al && al.elements().isEmpty());
    }

    /**
     * A call of {@code fn} with {@code pre} already-typed leading arguments (the receiver of an
     * extension call) and {@code args}. Infers the callee's type arguments (see class comment).
     */
    private Expr callFunction(FunctionDecl fn, List<Expr> pre, List<Ast.Expr> args, Scope s, Type expected, Pos pos) {
        List<LocalVar> params = fn.params();
        int n = pre.size() + args.size();
        if (n != params.size()) {
            checkArgsForErrors(args, s);
            int shown = params.size() - pre.size();
            reporter.error(pos, "wrong number of arguments to '" + fn.name() + "': expected " + shown + ", found " + args.size());
            return errorExpr(pos);
        }
        List<TypeParam> tps = fn.typeParams();
        if (tps.isEmpty()) {
            List<Expr> typed = new ArrayList<>(pre);
            for (int i = 0; i < args.size(); i++) {
                typed.add(checkAs(args.get(i), s, params.get(pre.size() + i).type()));
            }
            for (int i = 0; i < pre.size(); i++) {
                typed.set(i, coerce(typed.get(i), params.get(i).type()));
            }
            instantiations.record(fn, List.of(), pos);
            return new Expr.Call(fn, List.of(), typed, fn.resultType(), pos);
        }
        Type[] bindings = new Type[tps.size()];
        Expr[] typed = new Expr[n];
        for (int i = 0; i < pre.size(); i++) {
            typed[i] = pre.get(i);
            unify(params.get(i).type(), pre.get(i).type(), tps, bindings);
        }
        for (int i = 0; i < args.size(); i++) {
            Ast.Expr a = args.get(i);
            if (needsContext(a)) {
                continue;
            }
            Type pt = params.get(pre.size() + i).type();
            Type exp = knownOrNull(pt, tps, bindings);
            Expr e = check(a, s, exp);
            typed[pre.size() + i] = e;
            unify(pt, e.type(), tps, bindings);
        }
        if (expected != null && expected != Type.VOID) {
            Type[] fromResult = new Type[tps.size()];
            unify(fn.resultType(), expected, tps, fromResult);
            for (int k = 0; k < bindings.length; k++) {
                if (bindings[k] == null) {
                    bindings[k] = fromResult[k];
                }
            }
        }
        for (int i = 0; i < args.size(); i++) {
            if (typed[pre.size() + i] != null) {
                continue;
            }
            Type pt = params.get(pre.size() + i).type();
            Expr e = check(args.get(i), s, knownOrNull(pt, tps, bindings));
            typed[pre.size() + i] = e;
            unify(pt, e.type(), tps, bindings);
        }
        List<Type> typeArgs = new ArrayList<>();
        for (int k = 0; k < bindings.length; k++) {
            if (bindings[k] == null || bindings[k] == Type.NULL) {
                if (!anyError(typed)) {
                    reporter.error(pos, "cannot infer type argument '" + tps.get(k).name() + "' of '" + fn.name() + "'");
                }
                return errorExpr(pos);
            }
            typeArgs.add(bindings[k]);
        }
        List<Expr> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(coerce(typed[i], Types.substitute(params.get(i).type(), tps, typeArgs)));
        }
        instantiations.record(fn, typeArgs, pos);
        return new Expr.Call(fn, typeArgs, out, Types.substitute(fn.resultType(), tps, typeArgs), pos);
    }

    private static boolean anyError(Expr[] typed) {
        for (Expr e : typed) {
            if (e != null && e.type() == Type.ERROR) {
                return true;
            }
        }
        return false;
    }

    /** {@code t} with the bound parameters substituted, or null while it still mentions an unbound one. */
    private static Type knownOrNull(Type t, List<TypeParam> tps, Type[] bindings) {
        List<Type> args = new ArrayList<>();
        for (int k = 0; k < tps.size(); k++) {
            args.add(bindings[k] == null || bindings[k] == Type.NULL ? tps.get(k).asType() : bindings[k]);
        }
        Type r = Types.substitute(t, tps, args);
        return mentions(r, tps) ? null : r;
    }

    private static boolean mentions(Type t, List<TypeParam> tps) {
        if (t instanceof Type.TypeParamType p) {
            return tps.contains(p.param());
        }
        if (t instanceof Type.ArrayType a) {
            return mentions(a.element(), tps);
        }
        if (t instanceof Type.NullableType n) {
            return mentions(n.inner(), tps);
        }
        if (t instanceof Type.TupleType tt) {
            return mentionsAny(tt.elements(), tps);
        }
        if (t instanceof Type.StructType st) {
            return mentionsAny(st.typeArgs(), tps);
        }
        if (t instanceof Type.EnumType et) {
            return mentionsAny(et.typeArgs(), tps);
        }
        if (t instanceof Type.FunctionType f) {
            return mentions(f.result(), tps) || mentionsAny(f.params(), tps);
        }
        if (t instanceof Type.LibraryType l) {
            return mentionsAny(l.typeArgs(), tps);
        }
        return false;
    }

    private static boolean mentionsAny(List<Type> types, List<TypeParam> tps) {
        for (Type t : types) {
            if (mentions(t, tps)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyOfType(List<Expr> exprs, Type t) {
        for (Expr e : exprs) {
            if (e != null && e.type() == t) {
                return true;
            }
        }
        return false;
    }

    private static boolean allOfType(List<Expr> exprs, Type t) {
        for (Expr e : exprs) {
            if (e.type() != t) {
                return false;
            }
        }
        return true;
    }

    /** Binds the parameters {@code tps} occurring in {@code param} from the corresponding parts of {@code arg}. */
    private static void unify(Type param, Type arg, List<TypeParam> tps, Type[] bindings) {
        if (arg == Type.ERROR || arg == Type.NEVER || arg == null) {
            return;
        }
        if (param instanceof Type.TypeParamType p) {
            int i = tps.indexOf(p.param());
            if (i < 0) {
                return;
            }
            Type cur = bindings[i];
            if (cur == null || cur == Type.NULL) {
                bindings[i] = arg == Type.NULL && cur == null ? Type.NULL : arg == Type.NULL ? cur : arg;
            } else if (!cur.equals(arg)) {
                if (arg == Type.NULL) {
                    bindings[i] = Types.nullable(cur);
                } else if (assignableType(cur, arg)) {
                    bindings[i] = arg;
                } else if (Types.nullable(cur).equals(arg) || Types.nullable(arg).equals(cur)) {
                    bindings[i] = Types.nullable(cur);
                }
            }
            return;
        }
        if (param instanceof Type.NullableType n) {
            if (arg instanceof Type.NullableType an) {
                unify(n.inner(), an.inner(), tps, bindings);
            } else if (arg != Type.NULL) {
                unify(n.inner(), arg, tps, bindings);
            }
            return;
        }
        if (param instanceof Type.ArrayType pa && arg instanceof Type.ArrayType aa) {
            unify(pa.element(), aa.element(), tps, bindings);
        } else if (param instanceof Type.TupleType pt && arg instanceof Type.TupleType at && pt.elements().size() == at.elements().size()) {
            for (int i = 0; i < pt.elements().size(); i++) {
                unify(pt.elements().get(i), at.elements().get(i), tps, bindings);
            }
        } else if (param instanceof Type.StructType ps && arg instanceof Type.StructType as && ps.decl() == as.decl()) {
            for (int i = 0; i < ps.typeArgs().size(); i++) {
                unify(ps.typeArgs().get(i), as.typeArgs().get(i), tps, bindings);
            }
        } else if (param instanceof Type.EnumType pe && arg instanceof Type.EnumType ae && pe.decl() == ae.decl()) {
            for (int i = 0; i < pe.typeArgs().size(); i++) {
                unify(pe.typeArgs().get(i), ae.typeArgs().get(i), tps, bindings);
            }
        } else if (param instanceof Type.FunctionType pf && arg instanceof Type.FunctionType af && pf.params().size() == af.params().size()) {
            for (int i = 0; i < pf.params().size(); i++) {
                unify(pf.params().get(i), af.params().get(i), tps, bindings);
            }
            unify(pf.result(), af.result(), tps, bindings);
        } else if (param instanceof Type.LibraryType pl && arg instanceof Type.LibraryType al && pl.kind() == al.kind()) {
            for (int i = 0; i < pl.typeArgs().size(); i++) {
                unify(pl.typeArgs().get(i), al.typeArgs().get(i), tps, bindings);
            }
        }
    }

    private FunctionDecl findExtension(Type t, String name) {
        Object h = head(t);
        if (h == null) {
            return null;
        }
        Map<String, FunctionDecl> m = extensions.get(h);
        return m == null ? null : m.get(name);
    }

    private Expr methodCall(Expr recv, String name, List<Ast.Expr> args, Scope s, Type expected, Pos pos) {
        Type t = recv.type();
        if (t == Type.ERROR) {
            checkArgsForErrors(args, s);
            return recv;
        }
        if (t instanceof Type.NullableType) {
            checkArgsForErrors(args, s);
            reporter.error(pos, "receiver of type " + t + " may be null");
            return errorExpr(pos);
        }
        FunctionDecl ext = findExtension(t, name);
        if (ext != null) {
            return callFunction(ext, List.of(recv), args, s, expected, pos);
        }
        Expr b = builtinMethod(recv, name, args, s, pos);
        if (b != null) {
            return b;
        }
        checkArgsForErrors(args, s);
        reporter.error(pos, "type " + t + " has no method '" + name + "'");
        return errorExpr(pos);
    }

    // ------------------------------------------------------------------- builtins

    private static boolean isBuiltinFunctionName(String name) {
        return switch (name) {
            case "print", "println", "echo", "readLine", "assert", "panic", "pow", "sqrt", "abs", "min", "max",
                    "floor", "ceil", "now", "len", "str" -> true;
            default -> false;
        };
    }

    private boolean arityCheck(String name, List<Ast.Expr> args, int min, int max, Scope s, Pos pos) {
        if (args.size() < min || args.size() > max) {
            checkArgsForErrors(args, s);
            String count = min == max ? String.valueOf(min) : min + " or " + max;
            reporter.error(pos, "wrong number of arguments to '" + name + "': expected " + count + ", found " + args.size());
            return false;
        }
        return true;
    }

    /** Any printable value (formatted as str() does). */
    private Expr printable(Ast.Expr a, Scope s) {
        Expr e = check(a, s, null);
        if (e.type() == Type.VOID) {
            reporter.error(startOf(e), "expression has no value");
            return errorExpr(e.pos());
        }
        return e;
    }

    private Expr call(Builtin b, List<Expr> args, Type result, Pos pos) {
        for (Expr a : args) {
            if (a.type() == Type.ERROR) {
                return errorExpr(pos);
            }
        }
        return new Expr.CallBuiltin(b, args, result, pos);
    }

    /** A prelude function call, or null when {@code name} is not one. */
    private Expr builtinCall(String name, List<Ast.Expr> args, Scope s, Type expected, Pos pos) {
        switch (name) {
            case "print":
                if (!arityCheck(name, args, 1, 1, s, pos)) {
                    return errorExpr(pos);
                }
                return call(Builtin.PRINT, List.of(printable(args.get(0), s)), Type.VOID, pos);
            case "println":
            case "echo":
                if (!arityCheck(name, args, name.equals("echo") ? 1 : 0, 1, s, pos)) {
                    return errorExpr(pos);
                }
                return call(Builtin.PRINTLN, args.isEmpty() ? List.of() : List.of(printable(args.get(0), s)), Type.VOID, pos);
            case "readLine":
                if (!arityCheck(name, args, 0, 0, s, pos)) {
                    return errorExpr(pos);
                }
                return call(Builtin.READ_LINE, List.of(), Types.nullable(Type.STRING), pos);
            case "assert": {
                if (!arityCheck(name, args, 1, 2, s, pos)) {
                    return errorExpr(pos);
                }
                List<Expr> typed = new ArrayList<>();
                typed.add(checkAs(args.get(0), s, Type.BOOL));
                if (args.size() == 2) {
                    typed.add(asString(printable(args.get(1), s)));
                }
                return call(Builtin.ASSERT, typed, Type.VOID, pos);
            }
            case "panic": {
                if (!arityCheck(name, args, 0, 1, s, pos)) {
                    return errorExpr(pos);
                }
                List<Expr> typed = args.isEmpty() ? List.of(new Expr.StringLit("panic", pos)) : List.of(asString(printable(args.get(0), s)));
                return call(Builtin.PANIC, typed, Type.NEVER, pos);
            }
            case "pow":
                if (!arityCheck(name, args, 2, 2, s, pos)) {
                    return errorExpr(pos);
                }
                return call(Builtin.POW, List.of(checkAs(args.get(0), s, Type.FLOAT), checkAs(args.get(1), s, Type.FLOAT)), Type.FLOAT, pos);
            case "sqrt":
            case "floor":
            case "ceil": {
                if (!arityCheck(name, args, 1, 1, s, pos)) {
                    return errorExpr(pos);
                }
                Builtin b = name.equals("sqrt") ? Builtin.SQRT : name.equals("floor") ? Builtin.FLOOR : Builtin.CEIL;
                return call(b, List.of(checkAs(args.get(0), s, Type.FLOAT)), Type.FLOAT, pos);
            }
            case "abs": {
                if (!arityCheck(name, args, 1, 1, s, pos)) {
                    return errorExpr(pos);
                }
                Expr v = check(args.get(0), s, expected == Type.FLOAT ? Type.FLOAT : null);
                if (v.type() == Type.INT) {
                    return call(Builtin.ABS_INT, List.of(v), Type.INT, pos);
                }
                if (v.type() == Type.FLOAT) {
                    return call(Builtin.ABS_FLOAT, List.of(v), Type.FLOAT, pos);
                }
                if (v.type() != Type.ERROR) {
                    reporter.error(v.pos(), "'abs' expects an Int or a Float, found " + v.type());
                }
                return errorExpr(pos);
            }
            case "min":
            case "max": {
                if (!arityCheck(name, args, 2, 2, s, pos)) {
                    return errorExpr(pos);
                }
                Type exp = expected == Type.FLOAT ? Type.FLOAT : null;
                Expr a = check(args.get(0), s, exp);
                Expr b = check(args.get(1), s, a.type() == Type.FLOAT ? Type.FLOAT : exp);
                if (a.type() == Type.FLOAT && literalToFloat(b) != null) {
                    b = literalToFloat(b);
                } else if (b.type() == Type.FLOAT && literalToFloat(a) != null) {
                    a = literalToFloat(a);
                }
                boolean isMin = name.equals("min");
                if (a.type() == Type.INT && b.type() == Type.INT) {
                    return call(isMin ? Builtin.MIN_INT : Builtin.MAX_INT, List.of(a, b), Type.INT, pos);
                }
                if (a.type() == Type.FLOAT && b.type() == Type.FLOAT) {
                    return call(isMin ? Builtin.MIN_FLOAT : Builtin.MAX_FLOAT, List.of(a, b), Type.FLOAT, pos);
                }
                if (a.type() != Type.ERROR && b.type() != Type.ERROR) {
                    reporter.error(pos, "'" + name + "' expects two Ints or two Floats, found " + a.type() + " and " + b.type());
                }
                return errorExpr(pos);
            }
            case "now":
                if (!arityCheck(name, args, 0, 0, s, pos)) {
                    return errorExpr(pos);
                }
                return call(Builtin.NOW, List.of(), Type.INT, pos);
            case "str":
                if (!arityCheck(name, args, 1, 1, s, pos)) {
                    return errorExpr(pos);
                }
                return call(Builtin.STR, List.of(printable(args.get(0), s)), Type.STRING, pos);
            case "len": {
                if (!arityCheck(name, args, 1, 1, s, pos)) {
                    return errorExpr(pos);
                }
                Expr v = check(args.get(0), s, null);
                if (v.type() instanceof Type.ArrayType) {
                    return call(Builtin.ARRAY_LEN, List.of(v), Type.INT, pos);
                }
                if (v.type() == Type.STRING) {
                    return call(Builtin.STRING_LEN, List.of(v), Type.INT, pos);
                }
                if (v.type() != Type.ERROR) {
                    reporter.error(v.pos(), "'len' expects an array or a String, found " + v.type());
                }
                return errorExpr(pos);
            }
            default:
                return null;
        }
    }

    /** A String-typed expression for a message: the value itself, or its str() formatting. */
    private static Expr asString(Expr e) {
        if (e.type() == Type.STRING || e.type() == Type.ERROR) {
            return e;
        }
        return new Expr.Interpolation(List.of(e), e.pos());
    }

    private static boolean hasBuiltinMethod(Type t, String name) {
        if (t instanceof Type.ArrayType) {
            return name.equals("len") || name.equals("push") || name.equals("pop");
        }
        if (t == Type.STRING) {
            return stringMethod(name) != null;
        }
        return false;
    }

    private record MethodSig(Builtin builtin, List<Type> params, Type result) {
    }

    private static MethodSig stringMethod(String name) {
        Type s = Type.STRING;
        return switch (name) {
            case "len" -> new MethodSig(Builtin.STRING_LEN, List.of(), Type.INT);
            case "chars" -> new MethodSig(Builtin.STRING_CHARS, List.of(), new Type.ArrayType(Type.CHAR));
            case "charCount" -> new MethodSig(Builtin.STRING_CHAR_COUNT, List.of(), Type.INT);
            case "slice" -> new MethodSig(Builtin.STRING_SLICE, List.of(Type.INT, Type.INT), s);
            case "split" -> new MethodSig(Builtin.STRING_SPLIT, List.of(s), new Type.ArrayType(s));
            case "trim" -> new MethodSig(Builtin.STRING_TRIM, List.of(), s);
            case "replace" -> new MethodSig(Builtin.STRING_REPLACE, List.of(s, s), s);
            case "contains" -> new MethodSig(Builtin.STRING_CONTAINS, List.of(s), Type.BOOL);
            case "startsWith" -> new MethodSig(Builtin.STRING_STARTS_WITH, List.of(s), Type.BOOL);
            case "endsWith" -> new MethodSig(Builtin.STRING_ENDS_WITH, List.of(s), Type.BOOL);
            case "indexOf" -> new MethodSig(Builtin.STRING_INDEX_OF, List.of(s), Types.nullable(Type.INT));
            case "toUpper" -> new MethodSig(Builtin.STRING_TO_UPPER, List.of(), s);
            case "toLower" -> new MethodSig(Builtin.STRING_TO_LOWER, List.of(), s);
            case "bytes" -> new MethodSig(Builtin.STRING_BYTES, List.of(), new Type.ArrayType(Type.INT));
            case "toInt" -> new MethodSig(Builtin.STRING_TO_INT, List.of(), Types.nullable(Type.INT));
            case "toFloat" -> new MethodSig(Builtin.STRING_TO_FLOAT, List.of(), Types.nullable(Type.FLOAT));
            default -> null;
        };
    }

    private Expr builtinMethod(Expr recv, String name, List<Ast.Expr> args, Scope s, Pos pos) {
        Type t = recv.type();
        MethodSig sig = null;
        if (t instanceof Type.ArrayType at) {
            sig = switch (name) {
                case "len" -> new MethodSig(Builtin.ARRAY_LEN, List.of(), Type.INT);
                case "push" -> new MethodSig(Builtin.ARRAY_PUSH, List.of(at.element()), Type.VOID);
                case "pop" -> new MethodSig(Builtin.ARRAY_POP, List.of(), Types.nullable(at.element()));
                default -> null;
            };
        } else if (t == Type.STRING) {
            sig = stringMethod(name);
        } else if (t instanceof Type.LibraryType lt && lt.kind() == Type.LibraryKind.TASK) {
            sig = switch (name) {
                case "await" -> new MethodSig(Builtin.TASK_AWAIT, List.of(), lt.typeArgs().get(0));
                default -> null;
            };
        } else if (t instanceof Type.LibraryType lt && lt.kind() == Type.LibraryKind.CHANNEL) {
            Type elem = lt.typeArgs().get(0);
            sig = switch (name) {
                case "send" -> new MethodSig(Builtin.CHANNEL_SEND, List.of(elem), Type.BOOL);
                case "recv" -> new MethodSig(Builtin.CHANNEL_RECV, List.of(), Types.nullable(elem));
                case "close" -> new MethodSig(Builtin.CHANNEL_CLOSE, List.of(), Type.VOID);
                case "len" -> new MethodSig(Builtin.CHANNEL_LEN, List.of(), Type.INT);
                default -> null;
            };
        } else if (t instanceof Type.LibraryType lt) {
            checkArgsForErrors(args, s);
            reporter.error(pos, "methods of " + lt.kind().displayName() + " are not supported yet: they arrive with the collections library");
            return errorExpr(pos);
        }
        if (sig == null) {
            return null;
        }
        if (args.size() != sig.params().size()) {
            checkArgsForErrors(args, s);
            reporter.error(pos, "wrong number of arguments to '" + name + "': expected " + sig.params().size() + ", found " + args.size());
            return errorExpr(pos);
        }
        List<Expr> typed = new ArrayList<>();
        typed.add(recv);
        for (int i = 0; i < args.size(); i++) {
            typed.add(checkAs(args.get(i), s, sig.params().get(i)));
        }
        if (sig.builtin() == Builtin.CHANNEL_SEND && typed.get(1).type() != Type.ERROR) {
            // a channel holds T? references (a prim value travels boxed)
            typed.set(1, coerce(typed.get(1), Types.nullable(sig.params().get(0))));
        }
        return call(sig.builtin(), typed, sig.result(), pos);
    }

    private Expr stringStatic(String name, List<Ast.Expr> args, Scope s, Pos pos) {
        if (name.equals("fromUtf8")) {
            if (!arityCheck("String.fromUtf8", args, 1, 1, s, pos)) {
                return errorExpr(pos);
            }
            return call(Builtin.STRING_FROM_UTF8, List.of(checkAs(args.get(0), s, new Type.ArrayType(Type.INT))), Types.nullable(Type.STRING), pos);
        }
        checkArgsForErrors(args, s);
        reporter.error(pos, "type String has no function '" + name + "'");
        return errorExpr(pos);
    }

    /**
     * {@code module.member} / {@code module.member(args)}: the stdlib modules of later issues.
     * Members that the prelude already provides ({@code io.println}, {@code math.sqrt}, …) work
     * now; the others are reported as not available yet.
     */
    private Expr moduleMember(Ast.Name module, String member, List<Ast.Expr> args, Scope s, Pos pos) {
        String m = module.name();
        if (!imports.contains(m)) {
            if (args != null) {
                checkArgsForErrors(args, s);
            }
            reporter.error(module.pos(), "module '" + m + "' is not imported: add 'import " + m + "'");
            return errorExpr(pos);
        }
        FunctionDecl fn = functions.get(m + "." + member);
        if (fn != null) {
            if (args == null) {
                reporter.error(pos, "'" + m + "." + member + "' is a function: call it");
                return errorExpr(pos);
            }
            return callFunction(fn, List.of(), args, s, null, pos);
        }
        if (args != null && m.equals("io") && (member.equals("eprint") || member.equals("eprintln"))) {
            boolean line = member.equals("eprintln");
            if (!arityCheck(m + "." + member, args, line ? 0 : 1, 1, s, pos)) {
                return errorExpr(pos);
            }
            return call(line ? Builtin.EPRINTLN : Builtin.EPRINT, args.isEmpty() ? List.of() : List.of(printable(args.get(0), s)), Type.VOID, pos);
        }
        String prelude = switch (m + "." + member) {
            case "io.print", "io.println", "io.readLine" -> member;
            case "math.sqrt", "math.pow", "math.abs", "math.min", "math.max", "math.floor", "math.ceil" -> member;
            case "math.PI", "math.E" -> member;
            case "time.now" -> "now";
            case "time.sleep" -> "time.sleep";
            default -> null;
        };
        if (prelude != null) {
            if (args == null) {
                if (member.equals("PI")) {
                    return new Expr.FloatLit(Math.PI, pos);
                }
                if (member.equals("E")) {
                    return new Expr.FloatLit(Math.E, pos);
                }
                reporter.error(pos, "'" + m + "." + member + "' is a function: call it");
                return errorExpr(pos);
            }
            if (prelude.equals("time.sleep")) {
                if (args == null) {
                    reporter.error(pos, "'time.sleep' is a function: call it");
                    return errorExpr(pos);
                }
                if (!arityCheck("time.sleep", args, 1, 1, s, pos)) {
                    return errorExpr(pos);
                }
                return call(Builtin.TIME_SLEEP, List.of(checkAs(args.get(0), s, Type.INT)), Type.VOID, pos);
            }
            Expr r = builtinCall(prelude, args, s, null, pos);
            if (r != null) {
                return r;
            }
        }
        if (args != null) {
            checkArgsForErrors(args, s);
        }
        reporter.error(pos, "'" + m + "." + member + "' is not available yet: the " + m + " module arrives in a later version");
        return errorExpr(pos);
    }

    /** stdlib (#13): the signatures of the system builtins that module sources call as {@code sys.name(…)}. */
    private static final Map<String, Object[]> SYSTEM_BUILTINS = new HashMap<>();

    private static void sys(Builtin b, Type result, Type... params) {
        SYSTEM_BUILTINS.put(b.sourceName(), new Object[] {b, result, params});
    }

    static {
        Type strings = new Type.ArrayType(Type.STRING);
        Type ints = new Type.ArrayType(Type.INT);
        Type nstring = Types.nullable(Type.STRING);
        sys(Builtin.SYS_READALL, Type.STRING);
        sys(Builtin.SYS_OPEN, Type.INT, Type.STRING, Type.INT);
        sys(Builtin.SYS_CLOSE, Type.INT, Type.INT);
        sys(Builtin.SYS_READTEXT, nstring, Type.INT);
        sys(Builtin.SYS_READBYTES, Types.nullable(ints), Type.INT);
        sys(Builtin.SYS_WRITE, Type.INT, Type.INT, Type.STRING);
        sys(Builtin.SYS_WRITEBYTES, Type.INT, Type.INT, ints);
        sys(Builtin.SYS_ERRNO, Type.STRING);
        sys(Builtin.SYS_STAT, Type.INT, Type.STRING, Type.INT);
        sys(Builtin.SYS_REMOVE, Type.INT, Type.STRING);
        sys(Builtin.SYS_MKDIR, Type.INT, Type.STRING);
        sys(Builtin.SYS_LISTDIR, Types.nullable(strings), Type.STRING);
        sys(Builtin.SYS_ARGS, strings);
        sys(Builtin.SYS_ENVGET, nstring, Type.STRING);
        sys(Builtin.SYS_ENVNAMES, strings);
        sys(Builtin.SYS_MEMSTAT, Type.INT, Type.INT);
        sys(Builtin.SYS_MEMPOLICY, Type.STRING);
        sys(Builtin.SYS_MEMSETPOLICY, Type.VOID, Type.STRING);
        sys(Builtin.SYS_MEMCOLLECT, Type.VOID);
        sys(Builtin.SYS_MONONANOS, Type.INT);
        sys(Builtin.SYS_RANDOM, Type.FLOAT);
        sys(Builtin.SYS_OSNAME, Type.STRING);
        sys(Builtin.SYS_ARCHNAME, Type.STRING);
        sys(Builtin.SYS_PID, Type.INT);
        sys(Builtin.SYS_EXIT, Type.NEVER, Type.INT);
        sys(Builtin.SYS_UTF8VALID, Type.BOOL, ints);
        sys(Builtin.SYS_SIN, Type.FLOAT, Type.FLOAT);
        sys(Builtin.SYS_COS, Type.FLOAT, Type.FLOAT);
        sys(Builtin.SYS_TAN, Type.FLOAT, Type.FLOAT);
        sys(Builtin.SYS_ATAN2, Type.FLOAT, Type.FLOAT, Type.FLOAT);
        sys(Builtin.SYS_EXP, Type.FLOAT, Type.FLOAT);
        sys(Builtin.SYS_LOG, Type.FLOAT, Type.FLOAT);
    }

    /** stdlib (#13): {@code sys.name(args)} in a module's source: a system builtin of the VM. */
    private Expr systemCall(String name, List<Ast.Expr> args, Scope s, Pos pos) {
        if (name.equals("hash")) {
            // any key type: the VM hashes by the argument's static type (the instruction's type operand)
            if (!arityCheck("sys.hash", args, 1, 1, s, pos)) {
                return errorExpr(pos);
            }
            return call(Builtin.SYS_HASH, List.of(check(args.get(0), s, null)), Type.INT, pos);
        }
        Object[] sig = SYSTEM_BUILTINS.get(name);
        if (sig == null) {
            checkArgsForErrors(args, s);
            reporter.error(pos, "no system builtin 'sys." + name + "'");
            return errorExpr(pos);
        }
        Type[] params = (Type[]) sig[2];
        if (!arityCheck("sys." + name, args, params.length, params.length, s, pos)) {
            return errorExpr(pos);
        }
        List<Expr> typed = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            typed.add(checkAs(args.get(i), s, params[i]));
        }
        return call((Builtin) sig[0], typed, (Type) sig[1], pos);
    }

    // ------------------------------------------------------------------- construction

    private Expr enumConstruct(EnumDecl ed, Ast.Name qualifier, String variantName, List<Ast.Expr> args, Scope s, Type expected, Pos pos) {
        Variant v = ed.variant(variantName);
        if (v == null) {
            if (args != null) {
                checkArgsForErrors(args, s);
            }
            reporter.error(pos, "enum " + ed.name() + " has no variant '" + variantName + "'");
            return errorExpr(pos);
        }
        String display = ed.isPrelude() ? v.name() : ed.name() + "." + v.name();
        int given = args == null ? 0 : args.size();
        if (args != null && v.payload().isEmpty()) {
            checkArgsForErrors(args, s);
            reporter.error(pos, "variant " + display + " has no payload");
            return errorExpr(pos);
        }
        if (given != v.payload().size()) {
            if (args != null) {
                checkArgsForErrors(args, s);
            }
            if (args == null) {
                reporter.error(pos, "variant " + display + " needs " + v.payload().size() + " value" + (v.payload().size() == 1 ? "" : "s"));
            } else if (v.payload().isEmpty()) {
                reporter.error(pos, "variant " + display + " has no payload");
            } else {
                reporter.error(pos, "variant " + display + " needs " + v.payload().size() + " value" + (v.payload().size() == 1 ? "" : "s"));
            }
            return errorExpr(pos);
        }
        List<TypeParam> tps = ed.typeParams();
        Type[] bindings = new Type[tps.size()];
        // explicit type arguments (Result<Int, String>.Ok(1)), then the expected type
        if (!qualifier.typeArgs().isEmpty()) {
            Type explicit = resolveType(new Ast.NamedType(qualifier.name(), qualifier.typeArgs(), qualifier.pos()), typeEnv(s));
            if (explicit instanceof Type.EnumType et && et.decl() == ed) {
                for (int i = 0; i < tps.size(); i++) {
                    bindings[i] = et.typeArgs().get(i);
                }
            }
        }
        Type exp = expected == null ? null : Types.nonNull(expected);
        if (exp instanceof Type.EnumType et && et.decl() == ed) {
            for (int i = 0; i < tps.size(); i++) {
                if (bindings[i] == null) {
                    bindings[i] = et.typeArgs().get(i);
                }
            }
        }
        List<Expr> typed = new ArrayList<>();
        for (int i = 0; i < given; i++) {
            Type pt = v.payload().get(i);
            Expr e = check(args.get(i), s, knownOrNull(pt, tps, bindings));
            unify(pt, e.type(), tps, bindings);
            typed.add(e);
        }
        List<Type> typeArgs = new ArrayList<>();
        for (int i = 0; i < tps.size(); i++) {
            if (bindings[i] == null || bindings[i] == Type.NULL) {
                if (!anyOfType(typed, Type.ERROR)) {
                    reporter.error(pos, "cannot infer type argument '" + tps.get(i).name() + "' of '" + ed.name() + "'");
                }
                return errorExpr(pos);
            }
            typeArgs.add(bindings[i]);
        }
        Type.EnumType et = new Type.EnumType(ed, typeArgs);
        List<Type> payload = et.payloadTypes(v);
        List<Expr> out = new ArrayList<>();
        for (int i = 0; i < typed.size(); i++) {
            out.add(coerce(typed.get(i), payload.get(i)));
        }
        if (!tps.isEmpty()) {
            instantiations.recordType(et, pos);
        }
        return new Expr.EnumNew(et, v, out, pos);
    }

    private Expr checkStructLit(Ast.StructLit sl, Scope s, Type expected) {
        Ast.Name n = sl.type();
        StructDecl sd = structs.get(n.name());
        List<Type> explicitArgs = null;
        if (sd == null) {
            AliasInfo a = aliases.get(n.name());
            if (a != null) {
                Type t = resolveType(new Ast.NamedType(n.name(), n.typeArgs(), n.pos()), typeEnv(s));
                if (t instanceof Type.StructType st) {
                    sd = st.decl();
                    explicitArgs = st.typeArgs();
                } else if (t == Type.ERROR) {
                    return errorExpr(sl.pos());
                }
            }
        } else if (!n.typeArgs().isEmpty()) {
            Type t = resolveType(new Ast.NamedType(n.name(), n.typeArgs(), n.pos()), typeEnv(s));
            if (t instanceof Type.StructType st) {
                explicitArgs = st.typeArgs();
            } else {
                return errorExpr(sl.pos());
            }
        }
        if (sd == null) {
            for (Ast.FieldInit fi : sl.fields()) {
                if (fi.value() != null) {
                    check(fi.value(), s, null);
                }
            }
            reporter.error(n.pos(), "unknown struct '" + n.name() + "'");
            return errorExpr(sl.pos());
        }
        List<TypeParam> tps = sd.typeParams();
        Type[] bindings = new Type[tps.size()];
        if (explicitArgs != null) {
            for (int i = 0; i < tps.size(); i++) {
                bindings[i] = explicitArgs.get(i);
            }
        }
        Type exp = expected == null ? null : Types.nonNull(expected);
        if (exp instanceof Type.StructType et && et.decl() == sd) {
            for (int i = 0; i < tps.size(); i++) {
                if (bindings[i] == null) {
                    bindings[i] = et.typeArgs().get(i);
                }
            }
        }
        List<Field> fieldsInOrder = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean bad = false;
        for (Ast.FieldInit fi : sl.fields()) {
            Field f = sd.field(fi.name());
            Expr value;
            Type ft = f == null ? null : knownOrNull(f.type(), tps, bindings);
            if (fi.value() == null) {
                value = check(new Ast.Name(fi.name(), List.of(), fi.pos()), s, ft);
            } else {
                value = check(fi.value(), s, ft);
            }
            if (f == null) {
                reporter.error(fi.pos(), "struct " + sd.name() + " has no field '" + fi.name() + "'");
                bad = true;
                continue;
            }
            if (!seen.add(fi.name())) {
                reporter.error(fi.pos(), "field '" + fi.name() + "' is initialised twice");
                bad = true;
                continue;
            }
            unify(f.type(), value.type(), tps, bindings);
            fieldsInOrder.add(f);
            values.add(value);
        }
        List<String> missing = new ArrayList<>();
        for (Field f : sd.fields()) {
            if (!seen.contains(f.name())) {
                missing.add(f.name());
            }
        }
        for (String m : missing) {
            reporter.error(sl.pos(), "missing field '" + m + "' in " + sd.name());
            bad = true;
        }
        if (bad) {
            return errorExpr(sl.pos());
        }
        List<Type> typeArgs = new ArrayList<>();
        for (int i = 0; i < tps.size(); i++) {
            if (bindings[i] == null || bindings[i] == Type.NULL) {
                if (!anyOfType(values, Type.ERROR)) {
                    reporter.error(sl.pos(), "cannot infer type argument '" + tps.get(i).name() + "' of '" + sd.name() + "'");
                }
                return errorExpr(sl.pos());
            }
            typeArgs.add(bindings[i]);
        }
        Type.StructType st = new Type.StructType(sd, typeArgs);
        List<Expr.FieldInit> inits = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            inits.add(new Expr.FieldInit(fieldsInOrder.get(i), coerce(values.get(i), st.fieldType(fieldsInOrder.get(i)))));
        }
        if (!tps.isEmpty()) {
            instantiations.recordType(st, sl.pos());
        }
        return new Expr.StructNew(st, inits, sl.pos());
    }

    private Expr checkArrayLit(Ast.ArrayLit a, Scope s, Type expected) {
        Type exp = expected == null ? null : Types.nonNull(expected);
        Type el = exp instanceof Type.ArrayType at ? at.element() : null;
        if (a.elements().isEmpty()) {
            if (el == null) {
                if (expected != Type.ERROR) {
                    reporter.error(a.pos(), "cannot infer the element type of an empty array; add a type annotation");
                }
                return errorExpr(a.pos());
            }
            return new Expr.ArrayNew(new Type.ArrayType(el), List.of(), a.pos());
        }
        // elements that need context ([] and closures) are checked after the others gave the type
        List<Ast.Expr> elements = a.elements();
        Expr[] slots = new Expr[elements.size()];
        List<Expr> known = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            Ast.Expr e = elements.get(i);
            if (el == null && !(e instanceof Ast.NullLit) && needsContext(e)) {
                continue;
            }
            slots[i] = check(e, s, el != null ? el : (known.isEmpty() ? null : joinHint(known)));
            known.add(slots[i]);
        }
        Type elementType = el != null ? el : known.isEmpty() ? null : join(known, "array elements");
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                slots[i] = check(elements.get(i), s, elementType == Type.ERROR ? null : elementType);
            }
        }
        List<Expr> typed = java.util.Arrays.asList(slots);
        if (elementType == null) {
            reporter.error(a.pos(), "cannot infer the element type of this array; add a type annotation");
            return errorExpr(a.pos());
        }
        if (elementType == Type.ERROR) {
            return errorExpr(a.pos());
        }
        if (elementType == Type.NULL) {
            reporter.error(a.pos(), "cannot infer the element type of this array; add a type annotation");
            return errorExpr(a.pos());
        }
        if (elementType == Type.VOID || elementType == Type.NEVER) {
            for (Expr x : typed) {
                valueType(x);
            }
            return errorExpr(a.pos());
        }
        List<Expr> out = new ArrayList<>();
        for (Expr x : typed) {
            out.add(coerce(x, elementType));
        }
        return new Expr.ArrayNew(new Type.ArrayType(elementType), out, a.pos());
    }

    private static Type joinHint(List<Expr> typed) {
        Type t = typed.get(0).type();
        return t == Type.FLOAT ? Type.FLOAT : null;
    }

    /**
     * The common type of branch or element values: equal types; Never ignored; {@code null} with
     * T gives T?; T with T? gives T?; integer literals with Float give Float. Reports a mismatch.
     */
    private Type join(List<Expr> values, String what) {
        Type result = null;
        boolean anyFloat = false;
        for (Expr v : values) {
            if (v.type() == Type.FLOAT) {
                anyFloat = true;
            }
        }
        for (Expr v : values) {
            Type t = v.type();
            if (t == Type.ERROR) {
                return Type.ERROR;
            }
            if (t == Type.NEVER) {
                continue;
            }
            if (anyFloat && t == Type.INT && literalToFloat(v) != null) {
                t = Type.FLOAT;
            }
            if (result == null) {
                result = t;
            } else if (!result.equals(t)) {
                Type merged = merge(result, t);
                if (merged == null) {
                    reporter.error(startOf(v), what + " have incompatible types " + result + " and " + t);
                    return Type.ERROR;
                }
                result = merged;
            }
        }
        return result == null ? Type.NEVER : result;
    }

    private static Type merge(Type a, Type b) {
        if (a == Type.NULL) {
            return b == Type.VOID ? null : Types.nullable(b);
        }
        if (b == Type.NULL) {
            return a == Type.VOID ? null : Types.nullable(a);
        }
        if (Types.nullable(a).equals(b)) {
            return b;
        }
        if (Types.nullable(b).equals(a)) {
            return a;
        }
        return null;
    }

    // ------------------------------------------------------------------- control flow

    private Expr checkIf(Ast.If i, Scope s, Type expected) {
        Facts facts = new Facts();
        Expr cond = coerce(checkCondition(i.condition(), s, facts), Type.BOOL);
        boolean wantValue = expected != Type.VOID;
        Type branchExp = wantValue && i.otherwise() != null ? expected : Type.VOID;
        Scope thenScope = new Scope(s, s.fn);
        addFacts(thenScope, facts.whenTrue);
        Set<LocalVar> before = new HashSet<>(unassigned);
        Expr then = checkBlock(i.then(), thenScope, branchExp);
        Set<LocalVar> afterThen = unassigned;
        unassigned = new HashSet<>(before);
        Expr otherwise = null;
        if (i.otherwise() != null) {
            Scope elseScope = new Scope(s, s.fn);
            addFacts(elseScope, facts.whenFalse);
            otherwise = check(i.otherwise(), elseScope, branchExp);
        }
        boolean thenDiverges = then.type() == Type.NEVER;
        boolean elseDiverges = otherwise != null && otherwise.type() == Type.NEVER;
        // definite assignment: a variable is assigned after the if when every completing branch assigned it
        if (thenDiverges && !elseDiverges) {
            // unassigned stays as the else branch left it
        } else if (elseDiverges && !thenDiverges) {
            unassigned = afterThen;
        } else if (!thenDiverges) {
            unassigned.addAll(afterThen);
        }
        if (thenDiverges && !elseDiverges) {
            addFacts(s, facts.whenFalse);
        } else if (elseDiverges && !thenDiverges) {
            addFacts(s, facts.whenTrue);
        }
        if (otherwise == null) {
            // no value (D33): a use as a value reports "expression has no value"
            return new Expr.If(cond, then, null, Type.VOID, i.pos());
        }
        if (!wantValue) {
            Type t = thenDiverges && elseDiverges ? Type.NEVER : Type.VOID;
            return new Expr.If(cond, then, otherwise, t, i.pos());
        }
        if (expected != null) {
            Expr a = coerce(then, expected);
            Expr b = coerce(otherwise, expected);
            Type t = thenDiverges && elseDiverges ? Type.NEVER : expected;
            return new Expr.If(cond, a, b, t, i.pos());
        }
        // value wanted, type unknown: join the branches; Void branches make a Void if
        if (then.type() == Type.VOID || otherwise.type() == Type.VOID) {
            return new Expr.If(cond, then, otherwise, thenDiverges && elseDiverges ? Type.NEVER : Type.VOID, i.pos());
        }
        Type t = join(List.of(then, otherwise), "if branches");
        if (t == Type.ERROR) {
            return errorExpr(i.pos());
        }
        return new Expr.If(cond, coerce(then, t), coerce(otherwise, t), t, i.pos());
    }

    private Expr checkWhile(Ast.While w, Scope s) {
        killAssignedIn(w, s);
        Facts facts = new Facts();
        Expr cond = coerce(checkCondition(w.condition(), s, facts), Type.BOOL);
        LoopId id = new LoopId(w.pos());
        UnitContext.LoopInfo info = new UnitContext.LoopInfo(id);
        s.fn.loops.addLast(info);
        Scope bodyScope = new Scope(s, s.fn);
        addFacts(bodyScope, facts.whenTrue);
        Set<LocalVar> before = new HashSet<>(unassigned);
        Expr.Block body = checkBlock(w.body(), bodyScope, Type.VOID);
        unassigned = before; // the body may run zero times
        s.fn.loops.removeLast();
        if (cond instanceof Expr.BoolLit b && b.value() && !info.hasBreak) {
            infiniteLoops.put(id, Boolean.TRUE);
        } else if (!info.hasBreak) {
            addFacts(s, facts.whenFalse);
        }
        return new Expr.While(id, cond, body, w.pos());
    }

    /** Kills the facts of every variable assigned anywhere in a loop, before the loop is checked. */
    private void killAssignedIn(Ast.Expr loop, Scope s) {
        Set<String> names = new HashSet<>();
        AssignedNames.collect(loop, names, new HashSet<>(), false);
        for (String n : names) {
            Found f = lookup(n, s);
            if (f != null) {
                killFacts(f.var(), s);
            }
        }
    }

    private Expr checkFor(Ast.For f, Scope s) {
        killAssignedIn(f, s);
        Ast.Expr iterable = f.iterable();
        while (iterable instanceof Ast.Paren p) {
            iterable = p.inner();
        }
        LoopId id = new LoopId(f.pos());
        Scope bodyScope = new Scope(s, s.fn);
        UnitContext.LoopInfo info = new UnitContext.LoopInfo(id);
        if (iterable instanceof Ast.Range r) {
            Expr start = checkAs(r.start(), s, Type.INT);
            Expr end = checkAs(r.end(), s, Type.INT);
            LocalVar v = loopVariable(f.variable(), Type.INT, bodyScope, f);
            s.fn.loops.addLast(info);
            Set<LocalVar> before = new HashSet<>(unassigned);
            Expr.Block body = checkLoopBody(f, bodyScope, v);
            unassigned = before;
            s.fn.loops.removeLast();
            return new Expr.ForRange(id, v, start, end, r.inclusive(), body, f.pos());
        }
        Expr it = check(iterable, s, null);
        if (isStdlibCollection(it.type())) {
            return forCollection(f, it, s);
        }
        Type elem;
        Expr.IterationKind kind;
        if (it.type() instanceof Type.ArrayType at) {
            elem = at.element();
            kind = Expr.IterationKind.ARRAY;
        } else if (it.type() == Type.STRING) {
            elem = Type.CHAR;
            kind = Expr.IterationKind.STRING_CHARS;
        } else {
            if (it.type() != Type.ERROR) {
                if (it.type() instanceof Type.NullableType) {
                    reporter.error(it.pos(), "cannot iterate over a value of nullable type " + it.type() + ": check it for null first");
                } else if (it.type() instanceof Type.LibraryType) {
                    reporter.error(it.pos(), "iterating over " + it.type() + " is not supported yet");
                } else {
                    reporter.error(startOf(it), "cannot iterate over " + it.type());
                }
            }
            elem = Type.ERROR;
            kind = Expr.IterationKind.ARRAY;
        }
        LocalVar v = loopVariable(f.variable(), elem, bodyScope, f);
        s.fn.loops.addLast(info);
        Set<LocalVar> before = new HashSet<>(unassigned);
        Expr.Block body = checkLoopBody(f, bodyScope, v);
        unassigned = before;
        s.fn.loops.removeLast();
        if (it.type() == Type.ERROR || elem == Type.ERROR) {
            return errorExpr(f.pos());
        }
        return new Expr.ForEach(id, v, it, kind, body, f.pos());
    }

    /**
     * {@code for x in c} over a Map, Set or Deque (whose iteration is written in collections.kor):
     * checked as the loop below, with hidden names that a program cannot spell.
     * <pre>
     * { let $collN = c
     *   let $verN = $collN.iterVersion()
     *   var $atN = $collN.iterNext(0)
     *   while $collN.iterCheck($atN, $verN) {
     *       let x = $collN.iterItem($atN)      // x may be a tuple pattern: for (k, v) in map
     *       $atN = $collN.iterNext($atN + 1)   // before the body, so that continue moves on
     *       { body }
     *   } }
     * </pre>
     * iterCheck fails with a runtime error once the collection's entries were added or removed since
     * the loop began (collections.kor counts them), so a change inside the body is reported at the
     * loop's next step instead of skipping or repeating elements. {@code break} and {@code continue}
     * in the body belong to the while loop, which is this for loop.
     */
    private Expr forCollection(Ast.For f, Expr it, Scope s) {
        Pos p = f.pos();
        int n = tempCounter++;
        String coll = "$coll" + n;
        String ver = "$ver" + n;
        String at = "$at" + n;
        Scope outer = new Scope(s, s.fn);
        LocalVar c = s.fn.unit.newVariable(coll, it.type(), false, false, p);
        outer.declare(coll, c);
        List<Stmt> out = new ArrayList<>();
        out.add(new Stmt.Let(c, it, p));
        checkStmt(new Ast.Let(new Ast.LetName(ver, p), false, false, null, method(coll, "iterVersion", p), p), outer, out);
        checkStmt(new Ast.Let(new Ast.LetName(at, p), true, true, null,
                method(coll, "iterNext", p, new Ast.IntLit(0, false, false, p)), p), outer, out);
        List<Ast.Stmt> body = List.of(
                new Ast.Let(f.variable(), false, false, null, method(coll, "iterItem", p, name(at, p)), p),
                new Ast.ExprStmt(new Ast.Assign(TokenKind.ASSIGN, name(at, p), method(coll, "iterNext", p,
                        new Ast.Binary(TokenKind.PLUS, name(at, p), new Ast.IntLit(1, false, false, p), p)), p), true),
                new Ast.ExprStmt(f.body(), true));
        Ast.While loop = new Ast.While(method(coll, "iterCheck", p, name(at, p), name(ver, p)), new Ast.Block(body, p, p), p);
        out.add(new Stmt.ExprStmt(check(loop, outer, Type.VOID)));
        return new Expr.Block(out, null, Type.VOID, p);
    }

    /** Whether {@code t} is the Map, Set or Deque struct of the stdlib's collections module. */
    private boolean isStdlibCollection(Type t) {
        if (!(t instanceof Type.StructType st) || !List.of("Map", "Set", "Deque").contains(st.decl().name())) {
            return false;
        }
        for (Map.Entry<Ast.StructDecl, StructDecl> e : structAsts.entrySet()) {
            if (e.getValue() == st.decl()) {
                return "collections".equals(moduleOf.get(e.getKey()));
            }
        }
        return false;
    }

    private static Ast.Name name(String name, Pos p) {
        return new Ast.Name(name, List.of(), p);
    }

    /** {@code receiver.method(args)} on a hidden local. */
    private static Ast.Call method(String receiver, String method, Pos p, Ast.Expr... args) {
        return new Ast.Call(new Ast.Field(name(receiver, p), method, false, p), List.of(args), p);
    }

    /** The loop variable; for a tuple pattern a hidden variable whose elements are bound at the start of the body. */
    private LocalVar loopVariable(Ast.LetTarget target, Type t, Scope bodyScope, Ast.For f) {
        if (target instanceof Ast.LetName n) {
            LocalVar v = bodyScope.fn.unit.newVariable(n.name(), t, false, false, n.pos());
            bodyScope.declare(n.name(), v);
            loopVariables.add(v);
            return v;
        }
        return bodyScope.fn.unit.newVariable("$item" + (tempCounter++), t, false, false, f.pos());
    }

    private Expr.Block checkLoopBody(Ast.For f, Scope bodyScope, LocalVar v) {
        if (f.variable() instanceof Ast.LetTuple tuple) {
            List<Stmt> pre = new ArrayList<>();
            Ast.Let synthetic = new Ast.Let(tuple, false, false, null, null, tuple.pos());
            bindLetTarget(tuple, v.type(), new Expr.Local(v, f.pos()), synthetic, bodyScope, pre, false);
            // the first Let re-binds the hidden variable into a temporary; keep it, it is cheap and uniform
            Expr.Block body = checkBlock(f.body(), bodyScope, Type.VOID);
            List<Stmt> all = new ArrayList<>(pre);
            all.addAll(body.statements());
            return new Expr.Block(all, null, body.type(), body.pos());
        }
        return checkBlock(f.body(), bodyScope, Type.VOID);
    }

    private Expr checkReturn(Ast.Return r, Scope s) {
        UnitContext ctx = s.fn;
        if (spawnBlocks.contains(ctx)) {
            reporter.error(r.pos(), "'return' is not allowed in a spawn block: the block's last expression is the task's value");
            if (r.value() != null) {
                check(r.value(), s, null);
            }
            return new Expr.Return(null, r.pos());
        }
        Type result = ctx.resultType;
        if (r.value() == null) {
            if (result != Type.VOID && result != Type.ERROR) {
                reporter.error(r.pos(), "'return' needs a value of type " + result);
            }
            return new Expr.Return(null, r.pos());
        }
        if (result == Type.VOID) {
            Expr v = check(r.value(), s, Type.VOID);
            if (v.type() != Type.VOID && v.type() != Type.NEVER && v.type() != Type.ERROR) {
                reporter.error(startOf(v), "unexpected return value: '" + unitName(ctx.unit) + "' returns no value");
            }
            if (v.type() == Type.VOID) {
                // return f() where f returns nothing: evaluate, then return
                return new Expr.Block(List.of(new Stmt.ExprStmt(v)), new Expr.Return(null, r.pos()), Type.NEVER, r.pos());
            }
            return new Expr.Return(null, r.pos());
        }
        return new Expr.Return(checkAs(r.value(), s, result), r.pos());
    }

    private static String unitName(CodeUnit unit) {
        return unit instanceof FunctionDecl f ? f.name() : "closure";
    }

    // ------------------------------------------------------------------- tasks and channels (#12)

    /**
     * {@code spawn f(a, b)} evaluates the arguments (and a method call's receiver) now, into
     * temporaries, and spawns {@code { f(t0, t1) }}; {@code spawn { … }} spawns the block as a closure
     * of no parameters whose result type is the block's value type. Either way the task is the
     * builtin SPAWN applied to that closure, of type {@code Task<T>}.
     */
    private Expr checkSpawn(Ast.Spawn sp, Scope s, Type expected) {
        // an expected Task<T> gives the block its expected value type (Task<Void>: the value is dropped)
        Type want = expected != null && Types.nonNull(expected) instanceof Type.LibraryType lt
                && lt.kind() == Type.LibraryKind.TASK ? lt.typeArgs().get(0) : null;
        if (sp.body() instanceof Ast.Block block) {
            return spawnBlock(block, s, sp.pos(), want);
        }
        List<Ast.Stmt> pre = new ArrayList<>();
        Ast.Expr body = sp.body();
        if (body instanceof Ast.Call c) {
            Ast.Expr callee = c.callee();
            if (callee instanceof Ast.Field f && !(f.object() instanceof Ast.Name)) {
                callee = new Ast.Field(spawnTemp(f.object(), pre), f.name(), f.safe(), f.pos());
            }
            List<Ast.Expr> args = new ArrayList<>();
            for (Ast.Expr a : c.args()) {
                args.add(spawnTemp(a, pre));
            }
            body = new Ast.Call(callee, args, c.pos());
        }
        Ast.Block task = new Ast.Block(List.of(new Ast.ExprStmt(body, false)), sp.pos(), sp.pos());
        if (pre.isEmpty()) {
            return spawnBlock(task, s, sp.pos(), want);
        }
        Scope inner = new Scope(s, s.fn);
        List<Stmt> out = new ArrayList<>();
        for (Ast.Stmt st : pre) {
            checkStmt(st, inner, out);
        }
        Expr spawned = spawnBlock(task, inner, sp.pos(), want);
        return new Expr.Block(out, spawned, spawned.type(), sp.pos());
    }

    /** An argument evaluated at the spawn: a temporary, unless it is a literal (the same either way). */
    private Ast.Expr spawnTemp(Ast.Expr a, List<Ast.Stmt> pre) {
        if (a instanceof Ast.NullLit || a instanceof Ast.Lambda || a instanceof Ast.IntLit || a instanceof Ast.FloatLit
                || a instanceof Ast.BoolLit || a instanceof Ast.CharLit
                || (a instanceof Ast.ArrayLit al && al.elements().isEmpty())) {
            return a;
        }
        String name = "$spawn" + pre.size();
        Pos p = astStart(a);
        pre.add(new Ast.Let(new Ast.LetName(name, p), false, false, null, a, p));
        return new Ast.Name(name, List.of(), p);
    }

    private Expr spawnBlock(Ast.Block block, Scope s, Pos pos, Type want) {
        Lambda lambda = new Lambda("spawn", s.fn.unit, pos);
        UnitContext ctx = new UnitContext(lambda, s.fn, lambda, Type.ERROR, s.fn.typeParams, s.fn.assignedNames, s.fn.assignedInClosures);
        spawnBlocks.add(ctx);
        Set<String> nested = new HashSet<>();
        AssignedNames.collect(block, new HashSet<>(), nested, false);
        spawnBlockClosureAssigned.put(ctx, nested);
        Scope scope = new Scope(s, ctx);
        Set<LocalVar> before = new HashSet<>(unassigned);
        Expr.Block body = want == Type.VOID ? checkBlock(block, scope, Type.VOID) : checkBlock(block, scope, want);
        unassigned = before; // the task runs later
        if (want != null && want != Type.VOID && body.value() != null) {
            Expr v = coerce(body.value(), want);
            body = new Expr.Block(body.statements(), v, v.type(), body.pos());
        }
        Type result = body.value() == null ? Type.VOID : body.value().type();
        if (result == Type.NEVER) {
            result = Type.VOID;
            body = new Expr.Block(body.statements(), null, Type.NEVER, body.pos());
        } else if (result == Type.NULL) {
            reporter.error(startOf(body.value()), "cannot infer the type of a task whose value is null");
            result = Type.ERROR;
        }
        lambda.setResultType(result);
        lambda.setBody(body);
        if (result == Type.ERROR) {
            return errorExpr(pos);
        }
        Expr closure = new Expr.Closure(lambda, new Type.FunctionType(List.of(), result), pos);
        return call(Builtin.SPAWN, List.of(closure), new Type.LibraryType(Type.LibraryKind.TASK, List.of(result)), pos);
    }

    /** {@code Channel<T>.new(capacity)} or {@code Channel.new(capacity)} with T from the expected type. */
    private Expr channelNew(Ast.Name n, List<Ast.Expr> args, Scope s, Type expected, Pos pos) {
        if (!arityCheck("Channel.new", args, 1, 1, s, pos)) {
            return errorExpr(pos);
        }
        Expr capacity = checkAs(args.get(0), s, Type.INT);
        Type t;
        if (!n.typeArgs().isEmpty()) {
            t = resolveType(new Ast.NamedType("Channel", n.typeArgs(), n.pos()), typeEnv(s));
        } else if (expected != null && Types.nonNull(expected) instanceof Type.LibraryType lt && lt.kind() == Type.LibraryKind.CHANNEL) {
            t = lt;
        } else {
            reporter.error(n.pos(), "cannot infer the element type of the channel: write Channel<T>.new(…) or annotate the variable");
            return errorExpr(pos);
        }
        if (t == Type.ERROR) {
            return errorExpr(pos);
        }
        return call(Builtin.CHANNEL_NEW, List.of(capacity), t, pos);
    }

    private Expr checkLambda(Ast.Lambda l, Scope s, Type expected, String displayName) {
        Type.FunctionType ft = expected != null && Types.nonNull(expected) instanceof Type.FunctionType f ? f : null;
        if (ft != null && ft.params().size() != l.params().size()) {
            ft = null;
        }
        Lambda lambda = new Lambda(displayName, s.fn.unit, l.pos());
        Map<String, TypeParam> env = typeEnv(s);
        List<Type> paramTypes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < l.params().size(); i++) {
            Ast.Param p = l.params().get(i);
            Type t;
            if (p.type() != null) {
                t = resolveType(p.type(), env);
            } else if (ft != null) {
                t = ft.params().get(i);
            } else {
                reporter.error(p.pos(), "parameter '" + p.name() + "' needs a type");
                t = Type.ERROR;
            }
            if (!seen.add(p.name())) {
                reporter.error(p.pos(), "duplicate parameter '" + p.name() + "'");
            }
            paramTypes.add(t);
            lambda.newVariable(p.name(), t, true, false, p.pos());
        }
        // no '-> T' means Void (§8.2), unless the expected function type gives the result
        Type result = l.result() != null ? resolveType(l.result(), env) : ft != null ? ft.result() : Type.VOID;
        UnitContext ctx = new UnitContext(lambda, s.fn, lambda, result, s.fn.typeParams, s.fn.assignedNames, s.fn.assignedInClosures);
        Scope scope = new Scope(s, ctx);
        for (LocalVar p : lambda.params()) {
            scope.declare(p.name(), p);
        }
        Set<LocalVar> before = new HashSet<>(unassigned);
        Expr.Block body = checkBody(l.body(), scope, ctx, result, "closure", l.pos());
        unassigned = before; // a closure body may run later or never
        lambda.setResultType(result);
        lambda.setBody(body);
        if (paramTypes.contains(Type.ERROR) || result == Type.ERROR) {
            return errorExpr(l.pos());
        }
        return new Expr.Closure(lambda, new Type.FunctionType(paramTypes, result), l.pos());
    }

    // ------------------------------------------------------------------- match

    private Expr checkMatch(Ast.Match m, Scope s, Type expected) {
        Expr scrutinee = check(m.scrutinee(), s, null);
        Type t = scrutinee.type();
        if (t == Type.VOID) {
            reporter.error(startOf(scrutinee), "expression has no value");
            t = Type.ERROR;
        }
        boolean wantValue = expected != Type.VOID;
        List<Expr.MatchArm> arms = new ArrayList<>();
        List<Expr> bodies = new ArrayList<>();
        List<Pattern> unguarded = new ArrayList<>();
        Set<LocalVar> before = new HashSet<>(unassigned);
        Set<LocalVar> after = null;
        boolean irrefutableSeen = false;
        for (Ast.MatchArm arm : m.arms()) {
            if (irrefutableSeen) {
                reporter.warning(arm.pos(), "unreachable match arm");
            }
            unassigned = new HashSet<>(before);
            Scope armScope = new Scope(s, s.fn);
            Pattern p = checkPattern(arm.pattern(), t, armScope, new HashSet<>());
            Expr guard = arm.guard() == null ? null : checkAs(arm.guard(), armScope, Type.BOOL);
            Expr body = check(arm.body(), armScope, wantValue ? expected : Type.VOID);
            if (body.type() != Type.NEVER) {
                if (after == null) {
                    after = unassigned;
                } else {
                    after.addAll(unassigned);
                }
            }
            if (guard == null) {
                unguarded.add(p);
                irrefutableSeen |= Exhaustiveness.irrefutable(p);
            }
            arms.add(new Expr.MatchArm(p, guard, body));
            bodies.add(body);
        }
        if (t == Type.ERROR) {
            unassigned = before;
            return errorExpr(m.pos());
        }
        Exhaustiveness.Verdict verdict = Exhaustiveness.check(unguarded, t);
        boolean exhaustive = verdict.complete();
        if (!exhaustive) {
            if (!verdict.missing().isEmpty()) {
                reporter.error(m.pos(), "non-exhaustive match: missing " + String.join(", ", verdict.missing()));
                unassigned = before;
                return errorExpr(m.pos());
            }
            if (wantValue) {
                reporter.error(m.pos(), "non-exhaustive match: add a '_' arm");
                unassigned = before;
                return errorExpr(m.pos());
            }
            // an incomplete statement match may match nothing
            if (after == null) {
                after = new HashSet<>(before);
            } else {
                after.addAll(before);
            }
        }
        unassigned = after == null ? before : after;
        boolean allDiverge = !bodies.isEmpty() && allOfType(bodies, Type.NEVER);
        if (!wantValue) {
            return new Expr.Match(scrutinee, arms, exhaustive, exhaustive && allDiverge ? Type.NEVER : Type.VOID, m.pos());
        }
        Type rt;
        if (expected != null) {
            rt = expected;
        } else if (anyOfType(bodies, Type.VOID)) {
            return new Expr.Match(scrutinee, arms, exhaustive, Type.VOID, m.pos());
        } else {
            rt = join(bodies, "match arms");
            if (rt == Type.ERROR) {
                return errorExpr(m.pos());
            }
        }
        List<Expr.MatchArm> coerced = new ArrayList<>();
        for (Expr.MatchArm a : arms) {
            coerced.add(new Expr.MatchArm(a.pattern(), a.guard(), coerce(a.body(), rt)));
        }
        return new Expr.Match(scrutinee, coerced, exhaustive, allDiverge ? Type.NEVER : rt, m.pos());
    }

    /** Wraps a pattern that needs a non-null value when matched against a nullable type. */
    private static Pattern nonNullWrap(Pattern p, Type t) {
        return t instanceof Type.NullableType ? new Pattern.NonNull(p, t, p.pos()) : p;
    }

    private Pattern checkPattern(Ast.Pattern p, Type t, Scope s, Set<String> bound) {
        Type inner = Types.nonNull(t);
        if (p instanceof Ast.WildcardPat w) {
            return new Pattern.Wildcard(t, w.pos());
        }
        if (p instanceof Ast.ErrorPat e) {
            return new Pattern.Wildcard(t, e.pos());
        }
        if (p instanceof Ast.NamePat n) {
            // a bare name is always a binding (D45); it binds the scrutinee's type, T? included
            if (!bound.add(n.name())) {
                reporter.error(n.pos(), "'" + n.name() + "' is already declared in this scope");
            }
            LocalVar v = s.fn.unit.newVariable(n.name(), t, false, false, n.pos());
            s.declare(n.name(), v);
            return new Pattern.Bind(v, n.pos());
        }
        if (p instanceof Ast.NullPat n) {
            if (t != Type.ERROR && !Types.admitsNull(t)) {
                reporter.error(n.pos(), "a value of type " + t + " is never null: this pattern never matches");
            }
            return new Pattern.Null(t, n.pos());
        }
        if (p instanceof Ast.LiteralPat l) {
            Expr lit = check(l.literal(), s, inner == Type.FLOAT ? Type.FLOAT : null);
            if (t != Type.ERROR && lit.type() != Type.ERROR && !lit.type().equals(inner)) {
                reporter.error(l.pos(), "pattern type mismatch: expected " + t + ", found " + lit.type());
                return new Pattern.Wildcard(t, l.pos());
            }
            return nonNullWrap(new Pattern.Literal(lit, l.pos()), t);
        }
        if (p instanceof Ast.TuplePat tp) {
            if (t == Type.ERROR) {
                for (Ast.Pattern sub : tp.elements()) {
                    checkPattern(sub, Type.ERROR, s, bound);
                }
                return new Pattern.Wildcard(t, tp.pos());
            }
            if (!(inner instanceof Type.TupleType tt) || tt.elements().size() != tp.elements().size()) {
                reporter.error(tp.pos(), "pattern type mismatch: a tuple of " + tp.elements().size() + " cannot match a value of type " + t);
                for (Ast.Pattern sub : tp.elements()) {
                    checkPattern(sub, Type.ERROR, s, bound);
                }
                return new Pattern.Wildcard(t, tp.pos());
            }
            List<Pattern> subs = new ArrayList<>();
            for (int i = 0; i < tp.elements().size(); i++) {
                subs.add(checkPattern(tp.elements().get(i), tt.elements().get(i), s, bound));
            }
            return nonNullWrap(new Pattern.Tuple(subs, tt, tp.pos()), t);
        }
        if (p instanceof Ast.VariantPat vp) {
            return checkVariantPattern(vp, t, s, bound);
        }
        if (p instanceof Ast.StructPat sp) {
            StructDecl sd = structs.get(sp.name());
            if (t == Type.ERROR || sd == null || !(inner instanceof Type.StructType st) || st.decl() != sd) {
                if (t != Type.ERROR) {
                    reporter.error(sp.pos(), sd == null ? "unknown struct '" + sp.name() + "'"
                            : "pattern type mismatch: " + sp.name() + " cannot match a value of type " + t);
                }
                for (Ast.FieldPat fp : sp.fields()) {
                    if (fp.pattern() != null) {
                        checkPattern(fp.pattern(), Type.ERROR, s, bound);
                    } else {
                        checkPattern(new Ast.NamePat(fp.name(), fp.pos()), Type.ERROR, s, bound);
                    }
                }
                return new Pattern.Wildcard(t, sp.pos());
            }
            List<Pattern.FieldPattern> fields = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Ast.FieldPat fp : sp.fields()) {
                Field f = sd.field(fp.name());
                if (f == null) {
                    reporter.error(fp.pos(), "struct " + sd.name() + " has no field '" + fp.name() + "'");
                    continue;
                }
                if (!seen.add(fp.name())) {
                    reporter.error(fp.pos(), "field '" + fp.name() + "' appears twice in the pattern");
                    continue;
                }
                Type ftype = st.fieldType(f);
                Pattern sub = fp.pattern() != null ? checkPattern(fp.pattern(), ftype, s, bound)
                        : checkPattern(new Ast.NamePat(fp.name(), fp.pos()), ftype, s, bound);
                fields.add(new Pattern.FieldPattern(f, sub));
            }
            return nonNullWrap(new Pattern.Struct(st, fields, sp.pos()), t);
        }
        return new Pattern.Wildcard(t, p.pos());
    }

    private Pattern checkVariantPattern(Ast.VariantPat vp, Type t, Scope s, Set<String> bound) {
        Type inner = Types.nonNull(t);
        EnumDecl ed;
        if (vp.qualifier() != null) {
            ed = enums.get(vp.qualifier());
            if (ed == null) {
                AliasInfo a = aliases.get(vp.qualifier());
                if (a != null && resolveAlias(a) instanceof Type.EnumType et) {
                    ed = et.decl();
                }
            }
            if (ed == null) {
                reporter.error(vp.pos(), "undefined type '" + vp.qualifier() + "'");
            }
        } else if (vp.variant().equals("Ok") || vp.variant().equals("Err")) {
            ed = resultEnum;
        } else {
            // only Ok/Err may be written unqualified (D45)
            ed = null;
            reporter.error(vp.pos(), "undefined name '" + vp.variant() + "'");
        }
        if (ed == null || t == Type.ERROR || !(inner instanceof Type.EnumType et) || et.decl() != ed) {
            if (ed != null && t != Type.ERROR) {
                reporter.error(vp.pos(), "pattern type mismatch: a " + ed.name() + " variant cannot match a value of type " + t);
            }
            if (vp.args() != null) {
                for (Ast.Pattern sub : vp.args()) {
                    checkPattern(sub, Type.ERROR, s, bound);
                }
            }
            return new Pattern.Wildcard(t, vp.pos());
        }
        Variant v = ed.variant(vp.variant());
        if (v == null) {
            reporter.error(vp.pos(), "enum " + ed.name() + " has no variant '" + vp.variant() + "'");
            if (vp.args() != null) {
                for (Ast.Pattern sub : vp.args()) {
                    checkPattern(sub, Type.ERROR, s, bound);
                }
            }
            return new Pattern.Wildcard(t, vp.pos());
        }
        List<Type> payload = et.payloadTypes(v);
        List<Pattern> subs = new ArrayList<>();
        if (vp.args() == null) {
            // Shape.Circle without parentheses matches any payload
            for (Type pt : payload) {
                subs.add(new Pattern.Wildcard(pt, vp.pos()));
            }
        } else if (vp.args().size() != payload.size()) {
            reporter.error(vp.pos(), "variant " + ed.name() + "." + v.name() + " has " + payload.size() + " value"
                    + (payload.size() == 1 ? "" : "s") + ", the pattern gives " + vp.args().size());
            for (Ast.Pattern sub : vp.args()) {
                checkPattern(sub, Type.ERROR, s, bound);
            }
            return new Pattern.Wildcard(t, vp.pos());
        } else {
            for (int i = 0; i < payload.size(); i++) {
                subs.add(checkPattern(vp.args().get(i), payload.get(i), s, bound));
            }
        }
        return nonNullWrap(new Pattern.Variant(et, v, subs, vp.pos()), t);
    }

    // ------------------------------------------------------------------- entry for FrontEnd

    /** Registers the function declarations (after types are known); called by {@link #check}. */
    private void collectFunctions(Ast.File file) {
        for (Ast.Decl d : file.decls()) {
            if (d instanceof Ast.FunDecl f) {
                declareFunction(f);
            }
        }
    }
}
