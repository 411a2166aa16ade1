package org.korlang.lang.internal.syntax;

/** The kinds of Korlang tokens. Keyword and punctuation kinds carry their source text. */
public enum TokenKind {
    IDENT(null), INT(null), FLOAT(null), CHAR(null),
    /** A string literal, possibly with {@code @{…}} parts ({@link Token#parts}). */
    STRING(null),
    EOF(null),

    // keywords
    FUN("fun"), LET("let"), VAR("var"), MUT("mut"), IF("if"), ELSE("else"), MATCH("match"), FOR("for"),
    IN("in"), WHILE("while"), BREAK("break"), CONTINUE("continue"), RETURN("return"), STRUCT("struct"),
    ENUM("enum"), TYPE("type"), IMPORT("import"), AS("as"), SPAWN("spawn"), TRUE("true"), FALSE("false"),
    NULL("null"),
    /** A word reserved for a later version ({@code view resource state gpu interface sealed implements class async}). */
    RESERVED(null),

    // punctuation
    LPAREN("("), RPAREN(")"), LBRACKET("["), RBRACKET("]"), LBRACE("{"), RBRACE("}"),
    COMMA(","), SEMI(";"), COLON(":"), DOT("."), DOTDOT(".."), DOTDOTEQ("..="), ARROW("->"), FAT_ARROW("=>"),
    PLUS("+"), MINUS("-"), STAR("*"), SLASH("/"), PERCENT("%"),
    ASSIGN("="), EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="),
    AND_AND("&&"), OR_OR("||"), BANG("!"), AMP("&"), PIPE("|"), CARET("^"), SHL("<<"), SHR(">>"),
    PLUS_ASSIGN("+="), MINUS_ASSIGN("-="), STAR_ASSIGN("*="), SLASH_ASSIGN("/="), PERCENT_ASSIGN("%="),
    AMP_ASSIGN("&="), PIPE_ASSIGN("|="), CARET_ASSIGN("^="), SHL_ASSIGN("<<="), SHR_ASSIGN(">>="),
    QUESTION("?"), ELVIS("?:"), SAFE_DOT("?."), BANG_BANG("!!"), PIPE_GT("|>");

    private final String text;

    TokenKind(String text) {
        this.text = text;
    }

    /** The fixed source text of a keyword or punctuation token; null for the others. */
    public String text() {
        return text;
    }

    /** How the kind is named in "expected …" messages. */
    public String describe() {
        return switch (this) {
            case IDENT -> "name";
            case INT -> "integer";
            case FLOAT -> "float";
            case CHAR -> "char literal";
            case STRING -> "string";
            case EOF -> "end of file";
            case RESERVED -> "reserved word";
            default -> "'" + text + "'";
        };
    }
}
