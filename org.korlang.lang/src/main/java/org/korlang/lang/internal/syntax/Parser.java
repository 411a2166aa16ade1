package org.korlang.lang.internal.syntax;

import java.util.ArrayList;
import java.util.List;
import org.korlang.lang.internal.diag.Reporter;
import org.korlang.lang.internal.syntax.Ast.*;
import org.korlang.lang.internal.typed.Pos;

/**
 * Recursive-descent parser with precedence climbing for binary operators; builds the {@link Ast}.
 *
 * <p><b>Statement ends</b> (docs/language.md D8). A statement ends at {@code ;}, before {@code }},
 * or at a line break ({@link Token#newlineBefore}) where the statement is complete. A line break is
 * insignificant inside {@code ( )} and {@code [ ]}, after a token that cannot end an expression (a
 * binary operator, {@code =}, {@code ,}, {@code .}, {@code ->}, …: the parser simply asks for the
 * next token there), and before a line that starts with {@code . ?. |> ?: && ||} or {@code else}.
 * Everything else ends the statement, so {@code -x} on a new line is a new statement.
 *
 * <p><b>Precedence</b> (D24, loosest first): {@code .. ..=} (only as a {@code for} iterable);
 * {@code |>}; {@code ||}; {@code &&}; {@code == !=}; {@code < <= > >=} (comparisons do not chain);
 * {@code ?:} (right-associative); {@code |}; {@code ^}; {@code &}; {@code << >>}; {@code + -};
 * {@code * / %}; {@code as}; prefix {@code - !}; postfix call, index, field, {@code ?.}, {@code !!}.
 * Assignment ({@code = += …}) is a statement, never an expression ("assignment is not an
 * expression"); {@code ++}/{@code --} are reported with their replacement.
 *
 * <p><b>Struct literals</b> {@code Name { f: v }} are not parsed in the head of {@code if},
 * {@code while}, {@code for} and {@code match} (as in Rust) unless parenthesized, because there the
 * {@code {} opens the body.
 *
 * <p><b>Error recovery.</b> The first error in a statement is reported; further errors are
 * suppressed until the parser re-synchronizes at the next statement boundary ({@code ;}, a line
 * break or {@code }} at the statement's own nesting level) or, at top level, at the next
 * declaration keyword. So every broken statement of a file gets its one diagnostic. Nesting deeper
 * than {@link #MAX_DEPTH} and chains longer than {@link #MAX_CHAIN} are reported, not recursed
 * into, so no input can overflow the Java stack. The parser never throws.
 */
public final class Parser {
    static final int MAX_DEPTH = 200;
    static final int MAX_CHAIN = 5000;

    private final List<Token> tokens;
    private final Reporter reporter;
    private int p;
    private boolean recovering;
    private int depth;
    /** > 0 inside ( ) and [ ]: line breaks are insignificant there. */
    private int parenDepth;
    /** False in the head of if/while/for/match: a '{' there opens the body, not a struct literal. */
    private boolean structLiteralAllowed = true;
    private final List<Object[]> undo = new ArrayList<>();
    private boolean speculative;

    private Parser(List<Token> tokens, Reporter reporter) {
        this.tokens = tokens;
        this.reporter = reporter;
    }

    public static Ast.File parse(List<Token> tokens, Reporter reporter) {
        return new Parser(tokens, reporter).file();
    }

    // ------------------------------------------------------------------ token helpers

    private Token peek() {
        return tokens.get(p);
    }

    private Token peek(int ahead) {
        int i = Math.min(p + ahead, tokens.size() - 1);
        return tokens.get(i);
    }

    private TokenKind kind() {
        return tokens.get(p).kind;
    }

    private boolean at(TokenKind k) {
        return tokens.get(p).kind == k;
    }

    private Token advance() {
        Token t = tokens.get(p);
        if (t.kind != TokenKind.EOF) {
            p++;
        }
        return t;
    }

    private boolean accept(TokenKind k) {
        if (at(k)) {
            advance();
            return true;
        }
        return false;
    }

    private Token previous() {
        return p > 0 ? tokens.get(p - 1) : tokens.get(0);
    }

    /** Whether a line break separates the current token from the previous one (outside brackets). */
    private boolean newlineHere() {
        return parenDepth == 0 && peek().newlineBefore;
    }

    private void error(Pos pos, String message) {
        if (!recovering && !speculative) {
            reporter.error(pos, message);
        }
        recovering = true;
    }

    /**
     * Reports "expected X" at the current token, or just after the previous token when the
     * current one is on a later line (a missing ')' belongs to the line that lacks it).
     */
    private void errorExpected(String what) {
        Token t = peek();
        Pos at = t.pos;
        String found = t.describe();
        if (p > 0 && (t.newlineBefore || t.kind == TokenKind.EOF) && previous().end.line() < t.pos.line()) {
            at = previous().end;
            found = t.kind == TokenKind.EOF ? "end of file" : "end of line";
        }
        error(at, "expected " + what + ", found " + found);
    }

    private Token expect(TokenKind k) {
        if (at(k)) {
            return advance();
        }
        errorExpected(k.describe());
        return null;
    }

    private String expectIdent(String what) {
        if (at(TokenKind.IDENT)) {
            return advance().text;
        }
        if (at(TokenKind.RESERVED)) {
            reservedWord();
            return "<error>";
        }
        errorExpected(what);
        return "<error>";
    }

    private void reservedWord() {
        Token t = advance();
        error(t.pos, "'" + t.text + "' is not supported in v1");
    }

    /** Splits a '>>', '>=', '>>=' at the current position so that a '>' can close type arguments. */
    private boolean acceptCloseAngle() {
        Token t = peek();
        if (t.kind == TokenKind.GT) {
            advance();
            return true;
        }
        TokenKind rest;
        String restText;
        switch (t.kind) {
            case SHR -> { rest = TokenKind.GT; restText = ">"; }
            case GE -> { rest = TokenKind.ASSIGN; restText = "="; }
            case SHR_ASSIGN -> { rest = TokenKind.GE; restText = ">="; }
            default -> { return false; }
        }
        Pos restPos = new Pos(t.pos.line(), t.pos.column() + 1);
        Token first = new Token(TokenKind.GT, ">", t.pos, restPos, t.newlineBefore);
        Token second = t.split(rest, restText, restPos);
        undo.add(new Object[] {p, t});
        tokens.set(p, first);
        tokens.add(p + 1, second);
        advance();
        return true;
    }

    private int mark() {
        return undo.size();
    }

    private void reset(int position, int undoMark) {
        while (undo.size() > undoMark) {
            Object[] u = undo.remove(undo.size() - 1);
            int at = (Integer) u[0];
            tokens.remove(at + 1);
            tokens.set(at, (Token) u[1]);
        }
        p = position;
    }

    // ------------------------------------------------------------------ recovery

    /** Skips to the next statement boundary at the current nesting level. */
    private void syncStatement() {
        int nest = 0;
        while (!at(TokenKind.EOF)) {
            Token t = peek();
            // a line start at the statement's own level is the next statement (the error may have stopped right there)
            if (nest == 0 && t.newlineBefore) {
                break;
            }
            switch (t.kind) {
                case LBRACE, LPAREN, LBRACKET -> nest++;
                case RBRACE, RPAREN, RBRACKET -> {
                    if (nest == 0) {
                        if (t.kind == TokenKind.RBRACE) {
                            recovering = false;
                            return;
                        }
                    } else {
                        nest--;
                    }
                }
                case SEMI -> {
                    if (nest == 0) {
                        advance();
                        recovering = false;
                        return;
                    }
                }
                default -> {
                }
            }
            advance();
        }
        recovering = false;
    }

    private static boolean isDeclStart(TokenKind k) {
        return k == TokenKind.FUN || k == TokenKind.STRUCT || k == TokenKind.ENUM || k == TokenKind.TYPE
                || k == TokenKind.IMPORT || k == TokenKind.LET || k == TokenKind.VAR;
    }

    private void syncDecl() {
        int nest = 0;
        while (!at(TokenKind.EOF)) {
            Token t = peek();
            if (nest <= 0 && t.newlineBefore && (isDeclStart(t.kind) || t.kind == TokenKind.RESERVED)) {
                break;
            }
            if (t.kind == TokenKind.LBRACE) {
                nest++;
            } else if (t.kind == TokenKind.RBRACE) {
                nest--;
            }
            advance();
        }
        recovering = false;
    }

    // ------------------------------------------------------------------ declarations

    private Ast.File file() {
        List<Decl> decls = new ArrayList<>();
        while (!at(TokenKind.EOF)) {
            if (accept(TokenKind.SEMI)) {
                continue;
            }
            int before = p;
            Decl d = decl();
            if (d != null) {
                decls.add(d);
            }
            if (recovering || p == before) {
                if (p == before) {
                    advance();
                }
                syncDecl();
            } else if (!at(TokenKind.EOF) && !accept(TokenKind.SEMI) && !peek().newlineBefore) {
                error(peek().pos, "expected a line break or ';' after the declaration, found " + peek().describe());
                syncDecl();
            }
        }
        return new Ast.File(decls);
    }

    private Decl decl() {
        Token t = peek();
        switch (t.kind) {
            case FUN:
                return funDecl(false);
            case STRUCT:
                return structDecl();
            case ENUM:
                return enumDecl();
            case TYPE:
                return typeAlias();
            case IMPORT: {
                advance();
                Pos namePos = peek().pos;
                StringBuilder module = new StringBuilder(expectIdent("module name"));
                while (at(TokenKind.DOT) && !newlineHere()) {
                    advance();
                    module.append('.').append(expectIdent("module name"));
                }
                return new Import(module.toString(), namePos);
            }
            case LET:
            case VAR:
                return new GlobalLet(let());
            case RESERVED:
                reservedWord();
                return null;
            default:
                error(t.pos, "expected a declaration (fun, struct, enum, type, import), found " + t.describe());
                return null;
        }
    }

    private List<TypeParamDecl> typeParamsOpt() {
        List<TypeParamDecl> params = new ArrayList<>();
        if (!at(TokenKind.LT)) {
            return params;
        }
        advance();
        while (!at(TokenKind.EOF)) {
            Token n = peek();
            params.add(new TypeParamDecl(expectIdent("type parameter name"), n.pos));
            if (!accept(TokenKind.COMMA)) {
                break;
            }
        }
        if (!acceptCloseAngle()) {
            errorExpected("'>'");
        }
        return params;
    }

    private FunDecl funDecl(boolean local) {
        Token funToken = advance();
        TypeExpr receiver = null;
        if (at(TokenKind.LBRACKET) || at(TokenKind.LPAREN)) {
            // fun [Int].sum(self) / fun (Int, Int).swap(self): an extension of an array or tuple type
            receiver = typeAtom();
            while (at(TokenKind.QUESTION)) {
                Token q = advance();
                receiver = new NullableTypeExpr(receiver, q.pos);
            }
            expect(TokenKind.DOT);
        }
        Token nameToken = peek();
        String name = expectIdent("function name");
        List<TypeParamDecl> typeParams;
        if (receiver == null && (at(TokenKind.DOT) || (at(TokenKind.LT) && receiverAhead()))) {
            // extension function: fun Receiver[<T>].name(self, …)
            List<TypeExpr> args = at(TokenKind.LT) ? typeArgs() : List.of();
            receiver = new NamedType(name, args, nameToken.pos);
            expect(TokenKind.DOT);
            nameToken = peek();
            name = expectIdent("function name");
        }
        typeParams = typeParamsOpt();
        List<Param> params = new ArrayList<>();
        if (expect(TokenKind.LPAREN) != null) {
            parenDepth++;
            while (!at(TokenKind.RPAREN) && !at(TokenKind.EOF)) {
                Token pn = peek();
                String pname = expectIdent("parameter name");
                TypeExpr ptype = null;
                if (accept(TokenKind.COLON)) {
                    ptype = type();
                } else if (!pname.equals("self")) {
                    errorExpected("':' and the parameter's type");
                }
                params.add(new Param(pname, ptype, pn.pos));
                if (!accept(TokenKind.COMMA)) {
                    break;
                }
            }
            parenDepth--;
            expect(TokenKind.RPAREN);
        }
        TypeExpr result = null;
        if (accept(TokenKind.ARROW)) {
            result = type();
        } else if (at(TokenKind.COLON)) {
            Token c = advance();
            error(c.pos, "a function's result type is written '-> Type', not ': Type'");
            type();
        }
        Block body;
        if (at(TokenKind.LBRACE)) {
            body = block();
        } else if (at(TokenKind.ASSIGN) && !local) {
            // fun f(x: Int) -> Int = x + 1  (expression body)
            Token eq = advance();
            Expr e = expr();
            body = new Block(List.of(new ExprStmt(e, false)), eq.pos, e.pos());
        } else {
            errorExpected("'{' to start the function body");
            body = new Block(List.of(), peek().pos, peek().pos);
        }
        return new FunDecl(name, receiver, typeParams, params, result, body, nameToken.pos.equals(funToken.pos) ? funToken.pos : nameToken.pos);
    }

    /** After {@code fun Name} at '<': is this {@code Name<T, …>.method} (a generic receiver)? */
    private boolean receiverAhead() {
        int save = p;
        int m = mark();
        boolean wasSpeculative = speculative;
        speculative = true;
        boolean wasRecovering = recovering;
        recovering = false;
        typeArgs();
        boolean ok = !recovering && at(TokenKind.DOT);
        speculative = wasSpeculative;
        recovering = wasRecovering;
        reset(save, m);
        return ok;
    }

    private StructDecl structDecl() {
        advance();
        Token n = peek();
        String name = expectIdent("struct name");
        List<TypeParamDecl> typeParams = typeParamsOpt();
        List<FieldDecl> fields = new ArrayList<>();
        if (expect(TokenKind.LBRACE) != null) {
            while (!at(TokenKind.RBRACE) && !at(TokenKind.EOF)) {
                if (accept(TokenKind.SEMI) || accept(TokenKind.COMMA)) {
                    continue;
                }
                int before = p;
                Token fn = peek();
                accept(TokenKind.VAR);
                accept(TokenKind.LET);
                String fname = expectIdent("field name");
                TypeExpr ftype = new ErrorType(peek().pos);
                if (expect(TokenKind.COLON) != null) {
                    ftype = type();
                }
                if (!recovering) {
                    fields.add(new FieldDecl(fname, ftype, fn.pos));
                }
                if (!recovering && !at(TokenKind.RBRACE) && !at(TokenKind.SEMI) && !at(TokenKind.COMMA) && !peek().newlineBefore) {
                    errorExpected("',', ';' or a line break between fields");
                }
                if (recovering) {
                    syncStatement();
                }
                if (p == before) {
                    advance();
                }
            }
            expect(TokenKind.RBRACE);
        }
        return new StructDecl(name, typeParams, fields, n.pos);
    }

    private EnumDecl enumDecl() {
        advance();
        Token n = peek();
        String name = expectIdent("enum name");
        List<TypeParamDecl> typeParams = typeParamsOpt();
        List<VariantDecl> variants = new ArrayList<>();
        if (expect(TokenKind.LBRACE) != null) {
            while (!at(TokenKind.RBRACE) && !at(TokenKind.EOF)) {
                if (accept(TokenKind.SEMI) || accept(TokenKind.COMMA)) {
                    continue;
                }
                int before = p;
                Token vn = peek();
                String vname = expectIdent("variant name");
                List<TypeExpr> payload = new ArrayList<>();
                if (accept(TokenKind.LPAREN)) {
                    parenDepth++;
                    while (!at(TokenKind.RPAREN) && !at(TokenKind.EOF)) {
                        // allow named payloads: Circle(center: Point, radius: Float)
                        if (at(TokenKind.IDENT) && peek(1).kind == TokenKind.COLON) {
                            advance();
                            advance();
                        }
                        payload.add(type());
                        if (!accept(TokenKind.COMMA)) {
                            break;
                        }
                    }
                    parenDepth--;
                    expect(TokenKind.RPAREN);
                }
                if (!recovering) {
                    variants.add(new VariantDecl(vname, payload, vn.pos));
                }
                if (!recovering && !at(TokenKind.RBRACE) && !at(TokenKind.SEMI) && !at(TokenKind.COMMA) && !peek().newlineBefore) {
                    errorExpected("',', ';' or a line break between variants");
                }
                if (recovering) {
                    syncStatement();
                }
                if (p == before) {
                    advance();
                }
            }
            expect(TokenKind.RBRACE);
        }
        return new EnumDecl(name, typeParams, variants, n.pos);
    }

    private TypeAlias typeAlias() {
        advance();
        Token n = peek();
        String name = expectIdent("type name");
        List<TypeParamDecl> typeParams = typeParamsOpt();
        TypeExpr t = new ErrorType(peek().pos);
        if (expect(TokenKind.ASSIGN) != null) {
            t = type();
        }
        return new TypeAlias(name, typeParams, t, n.pos);
    }

    // ------------------------------------------------------------------ types

    private TypeExpr type() {
        if (depth >= MAX_DEPTH) {
            error(peek().pos, "type is nested too deeply");
            return new ErrorType(peek().pos);
        }
        depth++;
        try {
            TypeExpr t = typeAtom();
            while (at(TokenKind.QUESTION) && !newlineHere()) {
                Token q = advance();
                t = new NullableTypeExpr(t, q.pos);
            }
            return t;
        } finally {
            depth--;
        }
    }

    private TypeExpr typeAtom() {
        Token t = peek();
        switch (t.kind) {
            case IDENT: {
                advance();
                List<TypeExpr> args = at(TokenKind.LT) ? typeArgs() : List.of();
                return new NamedType(t.text, args, t.pos);
            }
            case LBRACKET: {
                advance();
                parenDepth++;
                TypeExpr e = type();
                parenDepth--;
                expect(TokenKind.RBRACKET);
                return new ArrayTypeExpr(e, t.pos);
            }
            case LPAREN: {
                advance();
                parenDepth++;
                List<TypeExpr> elems = new ArrayList<>();
                while (!at(TokenKind.RPAREN) && !at(TokenKind.EOF)) {
                    elems.add(type());
                    if (!accept(TokenKind.COMMA)) {
                        break;
                    }
                }
                parenDepth--;
                expect(TokenKind.RPAREN);
                if (elems.size() == 1) {
                    return elems.get(0);
                }
                if (elems.isEmpty()) {
                    return new NamedType("Void", List.of(), t.pos);
                }
                return new TupleTypeExpr(elems, t.pos);
            }
            case FUN: {
                advance();
                List<TypeExpr> params = new ArrayList<>();
                if (expect(TokenKind.LPAREN) != null) {
                    parenDepth++;
                    while (!at(TokenKind.RPAREN) && !at(TokenKind.EOF)) {
                        if (at(TokenKind.IDENT) && peek(1).kind == TokenKind.COLON) {
                            advance();
                            advance();
                        }
                        params.add(type());
                        if (!accept(TokenKind.COMMA)) {
                            break;
                        }
                    }
                    parenDepth--;
                    expect(TokenKind.RPAREN);
                }
                TypeExpr result = null;
                if (accept(TokenKind.ARROW)) {
                    result = type();
                }
                return new FunTypeExpr(params, result, t.pos);
            }
            case NULL:
                advance();
                return new NamedType("Null", List.of(), t.pos);
            case RESERVED:
                reservedWord();
                return new ErrorType(t.pos);
            default:
                errorExpected("type");
                return new ErrorType(t.pos);
        }
    }

    private List<TypeExpr> typeArgs() {
        advance(); // <
        List<TypeExpr> args = new ArrayList<>();
        while (!at(TokenKind.EOF)) {
            args.add(type());
            if (!accept(TokenKind.COMMA)) {
                break;
            }
        }
        if (!acceptCloseAngle()) {
            errorExpected("'>' to close the type arguments");
        }
        return args;
    }

    // ------------------------------------------------------------------ blocks and statements

    private Block block() {
        Token open = expect(TokenKind.LBRACE);
        Pos pos = open != null ? open.pos : peek().pos;
        List<Stmt> stmts = new ArrayList<>();
        if (open == null) {
            return new Block(stmts, pos, pos);
        }
        if (depth >= MAX_DEPTH) {
            error(pos, "blocks are nested too deeply");
            skipBalanced();
            return new Block(stmts, pos, previous().pos);
        }
        depth++;
        int savedParen = parenDepth;
        boolean savedStruct = structLiteralAllowed;
        parenDepth = 0;
        structLiteralAllowed = true;
        try {
            while (!at(TokenKind.RBRACE) && !at(TokenKind.EOF)) {
                if (accept(TokenKind.SEMI)) {
                    continue;
                }
                int before = p;
                Stmt s = statement();
                boolean terminated = false;
                if (!recovering) {
                    if (accept(TokenKind.SEMI)) {
                        terminated = true;
                    } else if (!at(TokenKind.RBRACE) && !at(TokenKind.EOF) && !peek().newlineBefore && !isBlockLike(s)) {
                        error(peek().pos, "expected ';' or a line break after the statement, found " + peek().describe());
                    }
                }
                if (s instanceof ExprStmt es && terminated) {
                    s = new ExprStmt(es.expr(), true);
                }
                if (s != null) {
                    stmts.add(s);
                }
                if (recovering) {
                    syncStatement();
                }
                if (p == before) {
                    advance();
                }
            }
        } finally {
            depth--;
            parenDepth = savedParen;
            structLiteralAllowed = savedStruct;
        }
        Token close = peek();
        if (!at(TokenKind.RBRACE)) {
            error(pos, "unclosed '{': expected '}' before " + close.describe());
        } else {
            advance();
        }
        return new Block(stmts, pos, close.pos);
    }

    /** Skips a balanced {...} region whose '{' was consumed. */
    private void skipBalanced() {
        int nest = 1;
        while (!at(TokenKind.EOF) && nest > 0) {
            if (at(TokenKind.LBRACE)) {
                nest++;
            } else if (at(TokenKind.RBRACE)) {
                nest--;
            }
            advance();
        }
        recovering = false;
    }

    private static boolean isBlockLike(Stmt s) {
        if (s instanceof ExprStmt es) {
            Expr e = es.expr();
            return e instanceof If || e instanceof While || e instanceof For || e instanceof Match || e instanceof Block;
        }
        return s instanceof LocalFun;
    }

    private Stmt statement() {
        Token t = peek();
        switch (t.kind) {
            case LET:
            case VAR:
                return let();
            case FUN:
                if (peek(1).kind == TokenKind.IDENT) {
                    return new LocalFun(funDecl(true));
                }
                break;
            case STRUCT:
            case ENUM:
            case TYPE:
            case IMPORT:
                error(t.pos, "'" + t.text + "' declarations are only allowed at the top level");
                return null;
            default:
                break;
        }
        Expr e = exprWithAssignment();
        return new ExprStmt(e, false);
    }

    private Let let() {
        Token kw = advance();
        boolean isVar = kw.kind == TokenKind.VAR;
        boolean mutable = isVar;
        if (!isVar && accept(TokenKind.MUT)) {
            mutable = true;
        }
        LetTarget target = letTarget();
        TypeExpr type = null;
        if (accept(TokenKind.COLON)) {
            type = type();
        }
        Expr init = null;
        if (accept(TokenKind.ASSIGN)) {
            init = expr();
        } else if (at(TokenKind.EQ)) {
            error(peek().pos, "expected '=' in a declaration, found '=='");
        }
        return new Let(target, mutable, isVar, type, init, kw.pos);
    }

    private LetTarget letTarget() {
        Token t = peek();
        if (at(TokenKind.LPAREN)) {
            advance();
            parenDepth++;
            List<LetTarget> elems = new ArrayList<>();
            while (!at(TokenKind.RPAREN) && !at(TokenKind.EOF)) {
                elems.add(letTarget());
                if (!accept(TokenKind.COMMA)) {
                    break;
                }
            }
            parenDepth--;
            expect(TokenKind.RPAREN);
            return new LetTuple(elems, t.pos);
        }
        String name = expectIdent("variable name");
        return new LetName(name, t.pos);
    }

    // ------------------------------------------------------------------ expressions

    /** An expression, or an assignment {@code target op= value}. */
    private Expr exprWithAssignment() {
        Expr target = exprInner();
        TokenKind k = kind();
        if (isAssignOp(k) && !newlineHere()) {
            Token op = advance();
            Expr value = expr();
            return new Assign(op.kind, target, value, op.pos);
        }
        return target;
    }

    private static boolean isAssignOp(TokenKind k) {
        return switch (k) {
            case ASSIGN, PLUS_ASSIGN, MINUS_ASSIGN, STAR_ASSIGN, SLASH_ASSIGN, PERCENT_ASSIGN,
                    AMP_ASSIGN, PIPE_ASSIGN, CARET_ASSIGN, SHL_ASSIGN, SHR_ASSIGN -> true;
            default -> false;
        };
    }

    /** An expression where an assignment is not allowed (assignments are statements, D14). */
    public Expr expr() {
        Expr e = exprInner();
        if (isAssignOp(kind()) && !newlineHere()) {
            error(peek().pos, "assignment is not an expression");
        }
        return e;
    }

    private Expr exprInner() {
        if (depth >= MAX_DEPTH) {
            error(peek().pos, "expression is nested too deeply");
            return new ErrorExpr(peek().pos);
        }
        depth++;
        try {
            return binary(1);
        } finally {
            depth--;
        }
    }

    /** Binding power of a binary operator (higher binds tighter); 0 = not a binary operator. */
    private static int precedence(TokenKind k) {
        return switch (k) {
            case DOTDOT, DOTDOTEQ -> 1;
            case PIPE_GT -> 2;
            case OR_OR -> 3;
            case AND_AND -> 4;
            case EQ, NE -> 5;
            case LT, LE, GT, GE -> 6;
            case ELVIS -> 7;
            case PIPE -> 8;
            case CARET -> 9;
            case AMP -> 10;
            case SHL, SHR -> 11;
            case PLUS, MINUS -> 12;
            case STAR, SLASH, PERCENT -> 13;
            case AS -> 14;
            default -> 0;
        };
    }

    private Expr binary(int minPrec) {
        Expr left = unary();
        int chain = 0;
        while (true) {
            Token op = peek();
            int prec = precedence(op.kind);
            if (prec == 0 || prec < minPrec || recovering) {
                // after an error, unwind to the statement without consuming more
                return left;
            }
            if (newlineHere() && !continuesLine(op.kind)) {
                return left; // a line end ends the expression unless the next line starts with . |> ?: && ||
            }
            if (op.kind == TokenKind.PLUS && peek(1).kind == TokenKind.PLUS && adjacent(op, peek(1))) {
                error(op.pos, "'++' is not supported; use '+= 1'");
                return left;
            }
            if (op.kind == TokenKind.MINUS && peek(1).kind == TokenKind.MINUS && adjacent(op, peek(1))
                    && !startsExpression(peek(2).kind)) {
                error(op.pos, "'--' is not supported; use '-= 1'");
                return left;
            }
            if (++chain > MAX_CHAIN) {
                error(op.pos, "expression is too long");
                return left;
            }
            advance();
            if (op.kind == TokenKind.AS) {
                left = new As(left, type(), op.pos);
                continue;
            }
            // ?: is right-associative; the others associate to the left
            int nextMin = op.kind == TokenKind.ELVIS ? prec : prec + 1;
            Expr right;
            if (depth >= MAX_DEPTH) {
                error(op.pos, "expression is nested too deeply");
                return left;
            }
            depth++;
            try {
                right = binary(nextMin);
            } finally {
                depth--;
            }
            if (op.kind == TokenKind.DOTDOT || op.kind == TokenKind.DOTDOTEQ) {
                left = new Range(left, right, op.kind == TokenKind.DOTDOTEQ, op.pos);
            } else {
                left = new Binary(op.kind, left, right, op.pos);
            }
            if (prec == 5 || prec == 6) {
                // comparisons are non-associative: a < b < c is an error
                Token next = peek();
                if (precedence(next.kind) == prec && !(newlineHere() && !continuesLine(next.kind))) {
                    error(next.pos, "comparison operators cannot be chained");
                    return left;
                }
            }
        }
    }

    /** Operators that continue an expression when they start the next line (docs/language.md D8). */
    private static boolean continuesLine(TokenKind k) {
        return k == TokenKind.PIPE_GT || k == TokenKind.ELVIS || k == TokenKind.AND_AND || k == TokenKind.OR_OR;
    }

    private static boolean adjacent(Token a, Token b) {
        return a.end.equals(b.pos);
    }

    private Expr unary() {
        Token t = peek();
        if ((t.kind == TokenKind.PLUS || t.kind == TokenKind.MINUS) && peek(1).kind == t.kind && adjacent(t, peek(1))
                && (t.kind == TokenKind.PLUS || peek(2).kind == TokenKind.IDENT)) {
            error(t.pos, t.kind == TokenKind.PLUS ? "'++' is not supported; use '+= 1'" : "'--' is not supported; use '-= 1'");
            advance();
            advance();
            return unary();
        }
        if (t.kind == TokenKind.MINUS || t.kind == TokenKind.BANG) {
            if (depth >= MAX_DEPTH) {
                error(t.pos, "expression is nested too deeply");
                return new ErrorExpr(t.pos);
            }
            advance();
            depth++;
            try {
                if (t.kind == TokenKind.MINUS && at(TokenKind.INT) && peek().intIsMinMagnitude) {
                    Token lit = advance();
                    return postfix(new IntLit(Long.MIN_VALUE, false, false, t.pos));
                }
                Expr operand = unary();
                return new Unary(t.kind, operand, t.pos);
            } finally {
                depth--;
            }
        }
        if (t.kind == TokenKind.PLUS) {
            advance();
            error(t.pos, "unary '+' is not supported");
            return unary();
        }
        return postfix(primary());
    }

    private Expr postfix(Expr e) {
        int chain = 0;
        while (true) {
            Token t = peek();
            if (recovering) {
                return e;
            }
            if (++chain > MAX_CHAIN) {
                error(t.pos, "expression is too long");
                return e;
            }
            switch (t.kind) {
                case LPAREN -> {
                    if (newlineHere()) {
                        return e;
                    }
                    advance();
                    List<Expr> args = arguments(TokenKind.RPAREN);
                    e = new Call(e, args, callPos(e, t));
                }
                case LBRACKET -> {
                    if (newlineHere()) {
                        return e;
                    }
                    advance();
                    parenDepth++;
                    boolean saved = structLiteralAllowed;
                    structLiteralAllowed = true;
                    Expr index = expr();
                    structLiteralAllowed = saved;
                    parenDepth--;
                    expect(TokenKind.RBRACKET);
                    e = new Index(e, index, t.pos);
                }
                case DOT, SAFE_DOT -> {
                    advance();
                    Token n = peek();
                    if (n.kind == TokenKind.INT && t.kind == TokenKind.DOT) {
                        advance();
                        e = new TupleIndex(e, n.intOverflow || n.intValue > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n.intValue, n.pos);
                    } else if (n.kind == TokenKind.FLOAT && t.kind == TokenKind.DOT) {
                        advance();
                        error(n.pos, "expected a field name or tuple index, found " + n.describe());
                    } else {
                        String name = expectIdent("field or method name after '.'");
                        e = new Field(e, name, t.kind == TokenKind.SAFE_DOT, n.pos);
                    }
                }
                case BANG_BANG -> {
                    if (newlineHere()) {
                        return e;
                    }
                    advance();
                    e = new NotNull(e, t.pos);
                }
                default -> {
                    return e;
                }
            }
        }
    }

    /** A call is positioned at its callee's name: the method name of {@code a.m()}, the function name of {@code f()}. */
    private static Pos callPos(Expr callee, Token paren) {
        if (callee instanceof Field f) {
            return f.pos();
        }
        if (callee instanceof Name n) {
            return n.pos();
        }
        return paren.pos;
    }

    private List<Expr> arguments(TokenKind close) {
        parenDepth++;
        boolean saved = structLiteralAllowed;
        structLiteralAllowed = true;
        List<Expr> args = new ArrayList<>();
        while (!at(close) && !at(TokenKind.EOF)) {
            // named arguments (f(x: 1)) are not part of v1: report, then parse the value
            if (at(TokenKind.IDENT) && peek(1).kind == TokenKind.COLON && close == TokenKind.RPAREN) {
                error(peek().pos, "named arguments are not supported");
                advance();
                advance();
            }
            args.add(expr());
            if (!accept(TokenKind.COMMA)) {
                break;
            }
        }
        structLiteralAllowed = saved;
        parenDepth--;
        if (!at(close)) {
            errorExpected(close.describe());
        } else {
            advance();
        }
        return args;
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind) {
            case INT: {
                advance();
                if (t.intIsMinMagnitude || t.intOverflow) {
                    error(t.pos, "integer literal out of range");
                }
                return new IntLit(t.intValue, t.intOverflow, t.intIsMinMagnitude, t.pos);
            }
            case FLOAT:
                advance();
                return new FloatLit(t.floatValue, t.pos);
            case CHAR:
                advance();
                return new CharLit(t.charValue, t.pos);
            case STRING:
                advance();
                return stringLiteral(t);
            case TRUE:
            case FALSE:
                advance();
                return new BoolLit(t.kind == TokenKind.TRUE, t.pos);
            case NULL:
                advance();
                return new NullLit(t.pos);
            case IDENT:
                return nameOrStructLiteral();
            case LPAREN:
                return parenOrTuple();
            case LBRACKET:
                return arrayLiteral();
            case LBRACE:
                return block();
            case IF:
                return ifExpr();
            case MATCH:
                return matchExpr();
            case WHILE:
                return whileExpr();
            case FOR:
                return forExpr();
            case BREAK:
                advance();
                return new Break(t.pos);
            case CONTINUE:
                advance();
                return new Continue(t.pos);
            case RETURN: {
                advance();
                Expr value = null;
                if (!newlineHere() && startsExpression(kind())) {
                    value = expr();
                }
                return new Return(value, t.pos);
            }
            case FUN:
                return lambda();
            case SPAWN: {
                advance();
                Expr body = at(TokenKind.LBRACE) ? block() : expr();
                return new Spawn(body, t.pos);
            }
            case RESERVED:
                reservedWord();
                return new ErrorExpr(t.pos);
            default:
                errorExpected("expression");
                return new ErrorExpr(t.pos);
        }
    }

    private static boolean startsExpression(TokenKind k) {
        return switch (k) {
            case RBRACE, RPAREN, RBRACKET, SEMI, COMMA, EOF, FAT_ARROW, ELSE -> false;
            default -> precedence(k) == 0 || k == TokenKind.MINUS;
        };
    }

    private Expr stringLiteral(Token t) {
        List<Object> parts = new ArrayList<>(t.parts.size());
        for (Object part : t.parts) {
            if (part instanceof String s) {
                parts.add(s);
            } else {
                @SuppressWarnings("unchecked")
                List<Token> inner = (List<Token>) part;
                if (inner.size() <= 1) {
                    parts.add(new ErrorExpr(inner.get(0).pos));
                    continue;
                }
                Parser sub = new Parser(inner, reporter);
                sub.depth = depth + 1;
                sub.parenDepth = 1;
                Expr e = sub.expr();
                if (!sub.recovering && !sub.at(TokenKind.EOF)) {
                    sub.error(sub.peek().pos, "unexpected " + sub.peek().describe() + " in interpolation");
                }
                parts.add(e);
            }
        }
        return new StringLit(parts, t.pos);
    }

    private Expr nameOrStructLiteral() {
        Token t = advance();
        List<TypeExpr> typeArgs = List.of();
        if (at(TokenKind.LT) && !peek().newlineBefore && Character.isUpperCase(t.text.charAt(0))) {
            // Box<Int> { … } or Channel<Int>.new(…): type arguments only when what follows fits
            int save = p;
            int m = mark();
            boolean wasSpeculative = speculative;
            boolean wasRecovering = recovering;
            speculative = true;
            recovering = false;
            List<TypeExpr> args = typeArgs();
            boolean ok = !recovering && (at(TokenKind.DOT) || (at(TokenKind.LBRACE) && structLiteralAllowed));
            speculative = wasSpeculative;
            recovering = wasRecovering;
            if (ok) {
                typeArgs = args;
            } else {
                reset(save, m);
            }
        }
        Name name = new Name(t.text, typeArgs, t.pos);
        if (at(TokenKind.LBRACE) && structLiteralAllowed && looksLikeStructBody()) {
            return structLiteral(name);
        }
        return name;
    }

    /** After {@code Name}: does '{' open a struct literal body ({@code }}, {@code f:}, {@code f,}, {@code f }})? */
    private boolean looksLikeStructBody() {
        Token a = peek(1);
        if (a.kind == TokenKind.RBRACE) {
            return Character.isUpperCase(previous().text.charAt(0)) || previous().kind == TokenKind.GT;
        }
        if (a.kind != TokenKind.IDENT) {
            return false;
        }
        TokenKind b = peek(2).kind;
        return b == TokenKind.COLON || ((b == TokenKind.COMMA || b == TokenKind.RBRACE) && Character.isUpperCase(previous().text.charAt(0)));
    }

    private Expr structLiteral(Name name) {
        advance(); // {
        parenDepth++;
        boolean saved = structLiteralAllowed;
        structLiteralAllowed = true;
        List<FieldInit> fields = new ArrayList<>();
        while (!at(TokenKind.RBRACE) && !at(TokenKind.EOF)) {
            if (accept(TokenKind.SEMI) || accept(TokenKind.COMMA)) {
                continue;
            }
            int before = p;
            Token f = peek();
            String fname = expectIdent("field name");
            Expr value = null;
            if (accept(TokenKind.COLON)) {
                value = expr();
            }
            fields.add(new FieldInit(fname, value, f.pos));
            if (!at(TokenKind.RBRACE) && !at(TokenKind.COMMA) && !at(TokenKind.SEMI) && !peek().newlineBefore) {
                errorExpected("',' or '}' in the struct literal");
                break;
            }
            if (p == before) {
                break;
            }
        }
        structLiteralAllowed = saved;
        parenDepth--;
        expect(TokenKind.RBRACE);
        return new StructLit(name, fields, name.pos());
    }

    private Expr parenOrTuple() {
        Token open = advance();
        parenDepth++;
        boolean saved = structLiteralAllowed;
        structLiteralAllowed = true;
        List<Expr> elems = new ArrayList<>();
        boolean trailingComma = false;
        while (!at(TokenKind.RPAREN) && !at(TokenKind.EOF)) {
            elems.add(expr());
            trailingComma = false;
            if (!accept(TokenKind.COMMA)) {
                break;
            }
            trailingComma = true;
        }
        structLiteralAllowed = saved;
        parenDepth--;
        expect(TokenKind.RPAREN);
        if (elems.isEmpty()) {
            error(open.pos, "empty parentheses: expected an expression");
            return new ErrorExpr(open.pos);
        }
        if (elems.size() == 1 && !trailingComma) {
            return new Paren(elems.get(0), open.pos);
        }
        if (trailingComma) {
            // D58: no trailing comma in tuples
            error(previous().pos, "expected expression, found ')'");
        }
        return new TupleLit(elems, open.pos);
    }

    private Expr arrayLiteral() {
        Token open = advance();
        parenDepth++;
        boolean saved = structLiteralAllowed;
        structLiteralAllowed = true;
        try {
            if (accept(TokenKind.RBRACKET)) {
                return new ArrayLit(List.of(), open.pos);
            }
            Expr first = expr();
            if (accept(TokenKind.SEMI)) {
                Expr count = expr();
                expect(TokenKind.RBRACKET);
                return new ArrayRepeat(first, count, open.pos);
            }
            List<Expr> elems = new ArrayList<>();
            elems.add(first);
            while (accept(TokenKind.COMMA)) {
                if (at(TokenKind.RBRACKET)) {
                    break;
                }
                elems.add(expr());
            }
            expect(TokenKind.RBRACKET);
            return new ArrayLit(elems, open.pos);
        } finally {
            structLiteralAllowed = saved;
            parenDepth--;
        }
    }

    /** The head of if/while/match/for: no struct literal; a '(' … ')' around it is just a parenthesized expression. */
    private Expr condition() {
        boolean saved = structLiteralAllowed;
        structLiteralAllowed = false;
        try {
            return expr();
        } finally {
            structLiteralAllowed = saved;
        }
    }

    /** The body of an if/else/while/for: braces are required (docs/language.md §7). */
    private Block body(Expr condition) {
        if (at(TokenKind.LBRACE)) {
            return block();
        }
        errorExpected("'{'");
        return new Block(List.of(), peek().pos, peek().pos);
    }

    private Expr ifExpr() {
        Token t = advance();
        Expr cond = condition();
        Block then = body(cond);
        Expr otherwise = null;
        // 'else' may follow on the next line
        if (at(TokenKind.ELSE) || (peek().newlineBefore && at(TokenKind.ELSE))) {
            Token e = advance();
            if (at(TokenKind.IF)) {
                otherwise = ifExpr();
            } else if (at(TokenKind.LBRACE)) {
                otherwise = block();
            } else {
                errorExpected("'{' or 'if' after 'else'");
                otherwise = new ErrorExpr(e.pos);
            }
        }
        return new If(cond, then, otherwise, t.pos);
    }

    private Expr whileExpr() {
        Token t = advance();
        Expr cond = condition();
        Block body = body(cond);
        return new While(cond, body, t.pos);
    }

    private Expr forExpr() {
        Token t = advance();
        boolean parenthesized = false;
        if (at(TokenKind.LPAREN) && forHeadInParens()) {
            advance();
            parenthesized = true;
            parenDepth++;
        }
        LetTarget variable = letTarget();
        Expr iterable;
        if (expect(TokenKind.IN) != null) {
            iterable = condition();
        } else {
            iterable = new ErrorExpr(peek().pos);
        }
        if (parenthesized) {
            parenDepth--;
            expect(TokenKind.RPAREN);
        }
        Block body = parenthesized ? body(new Paren(iterable, t.pos)) : block();
        return new For(variable, iterable, body, t.pos);
    }

    /** {@code for (x in xs)} (Kotlin style) rather than {@code for (a, b) in pairs}. */
    private boolean forHeadInParens() {
        if (peek(1).kind == TokenKind.IDENT && peek(2).kind == TokenKind.IN) {
            return true;
        }
        // for ((a, b) in pairs)
        return peek(1).kind == TokenKind.LPAREN && tupleFollowedByIn(p + 1);
    }

    private boolean tupleFollowedByIn(int start) {
        int nest = 0;
        for (int i = start; i < tokens.size(); i++) {
            TokenKind k = tokens.get(i).kind;
            if (k == TokenKind.LPAREN) {
                nest++;
            } else if (k == TokenKind.RPAREN) {
                nest--;
                if (nest == 0) {
                    return i + 1 < tokens.size() && tokens.get(i + 1).kind == TokenKind.IN;
                }
            } else if (k != TokenKind.IDENT && k != TokenKind.COMMA) {
                return false;
            }
        }
        return false;
    }

    private Expr matchExpr() {
        Token t = advance();
        Expr scrutinee = condition();
        List<MatchArm> arms = new ArrayList<>();
        if (expect(TokenKind.LBRACE) == null) {
            return new Match(scrutinee, arms, t.pos);
        }
        int savedParen = parenDepth;
        boolean savedStruct = structLiteralAllowed;
        parenDepth = 0;
        structLiteralAllowed = true;
        depth++;
        try {
            while (!at(TokenKind.RBRACE) && !at(TokenKind.EOF)) {
                if (accept(TokenKind.SEMI) || accept(TokenKind.COMMA)) {
                    continue;
                }
                int before = p;
                Token armStart = peek();
                Pattern pat = pattern();
                Expr guard = null;
                if (at(TokenKind.IF)) {
                    advance();
                    guard = condition();
                }
                Expr body;
                if (expect(TokenKind.FAT_ARROW) != null) {
                    body = exprWithAssignment();
                } else {
                    body = new ErrorExpr(peek().pos);
                }
                arms.add(new MatchArm(pat, guard, body, armStart.pos));
                if (!recovering && !at(TokenKind.RBRACE) && !at(TokenKind.COMMA) && !at(TokenKind.SEMI) && !peek().newlineBefore) {
                    error(peek().pos, "expected ',', ';' or a line break after the match arm, found " + peek().describe());
                }
                if (recovering) {
                    syncStatement();
                }
                if (p == before) {
                    advance();
                }
            }
        } finally {
            depth--;
            parenDepth = savedParen;
            structLiteralAllowed = savedStruct;
        }
        expect(TokenKind.RBRACE);
        return new Match(scrutinee, arms, t.pos);
    }

    private Expr lambda() {
        Token t = advance();
        List<Param> params = new ArrayList<>();
        if (expect(TokenKind.LPAREN) != null) {
            parenDepth++;
            while (!at(TokenKind.RPAREN) && !at(TokenKind.EOF)) {
                Token pn = peek();
                String name = expectIdent("parameter name");
                TypeExpr type = null;
                if (accept(TokenKind.COLON)) {
                    type = type();
                }
                params.add(new Param(name, type, pn.pos));
                if (!accept(TokenKind.COMMA)) {
                    break;
                }
            }
            parenDepth--;
            expect(TokenKind.RPAREN);
        }
        TypeExpr result = null;
        if (accept(TokenKind.ARROW)) {
            result = type();
        }
        Block body = block();
        return new Lambda(params, result, body, t.pos);
    }

    // ------------------------------------------------------------------ patterns

    private Pattern pattern() {
        if (depth >= MAX_DEPTH) {
            error(peek().pos, "pattern is nested too deeply");
            return new ErrorPat(peek().pos);
        }
        depth++;
        try {
            return patternAtom();
        } finally {
            depth--;
        }
    }

    private Pattern patternAtom() {
        Token t = peek();
        switch (t.kind) {
            case IDENT: {
                advance();
                if (t.text.equals("_")) {
                    return new WildcardPat(t.pos);
                }
                if (at(TokenKind.DOT)) {
                    advance();
                    Token v = peek();
                    String variant = expectIdent("variant name");
                    List<Pattern> args = at(TokenKind.LPAREN) ? patternArgs() : null;
                    return new VariantPat(t.text, variant, args, v.pos);
                }
                if (at(TokenKind.LPAREN)) {
                    return new VariantPat(null, t.text, patternArgs(), t.pos);
                }
                if (at(TokenKind.LBRACE)) {
                    return structPattern(t);
                }
                return new NamePat(t.text, t.pos);
            }
            case INT: case FLOAT: case CHAR: case STRING: case TRUE: case FALSE: {
                Expr lit = primary();
                if (lit instanceof StringLit s && (s.parts().size() != 1 || !(s.parts().get(0) instanceof String))) {
                    error(t.pos, "a pattern string cannot contain interpolation");
                }
                return new LiteralPat(lit, t.pos);
            }
            case MINUS: {
                advance();
                Token n = peek();
                if (n.kind == TokenKind.INT) {
                    advance();
                    long v = n.intIsMinMagnitude ? Long.MIN_VALUE : -n.intValue;
                    if (n.intOverflow) {
                        error(n.pos, "integer literal out of range");
                    }
                    return new LiteralPat(new IntLit(v, false, false, t.pos), t.pos);
                }
                if (n.kind == TokenKind.FLOAT) {
                    advance();
                    return new LiteralPat(new FloatLit(-n.floatValue, t.pos), t.pos);
                }
                errorExpected("number after '-' in a pattern");
                return new ErrorPat(t.pos);
            }
            case NULL:
                advance();
                return new NullPat(t.pos);
            case LPAREN: {
                advance();
                parenDepth++;
                List<Pattern> elems = new ArrayList<>();
                while (!at(TokenKind.RPAREN) && !at(TokenKind.EOF)) {
                    elems.add(pattern());
                    if (!accept(TokenKind.COMMA)) {
                        break;
                    }
                }
                parenDepth--;
                expect(TokenKind.RPAREN);
                if (elems.size() == 1) {
                    return elems.get(0);
                }
                if (elems.isEmpty()) {
                    error(t.pos, "expected a pattern inside '()'");
                    return new ErrorPat(t.pos);
                }
                return new TuplePat(elems, t.pos);
            }
            case RESERVED:
                reservedWord();
                return new ErrorPat(t.pos);
            default:
                errorExpected("pattern");
                return new ErrorPat(t.pos);
        }
    }

    private List<Pattern> patternArgs() {
        advance(); // (
        parenDepth++;
        List<Pattern> args = new ArrayList<>();
        while (!at(TokenKind.RPAREN) && !at(TokenKind.EOF)) {
            args.add(pattern());
            if (!accept(TokenKind.COMMA)) {
                break;
            }
        }
        parenDepth--;
        expect(TokenKind.RPAREN);
        return args;
    }

    private Pattern structPattern(Token name) {
        advance(); // {
        parenDepth++;
        List<FieldPat> fields = new ArrayList<>();
        while (!at(TokenKind.RBRACE) && !at(TokenKind.EOF)) {
            if (accept(TokenKind.COMMA) || accept(TokenKind.SEMI)) {
                continue;
            }
            if (accept(TokenKind.DOTDOT)) {
                continue;
            }
            int before = p;
            Token f = peek();
            String fname = expectIdent("field name");
            Pattern sub = null;
            if (accept(TokenKind.COLON)) {
                sub = pattern();
            }
            fields.add(new FieldPat(fname, sub, f.pos));
            if (p == before || recovering) {
                break;
            }
        }
        parenDepth--;
        expect(TokenKind.RBRACE);
        return new StructPat(name.text, fields, name.pos);
    }
}
