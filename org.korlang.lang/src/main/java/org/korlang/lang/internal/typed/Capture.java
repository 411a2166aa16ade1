package org.korlang.lang.internal.typed;

/**
 * One variable captured by a closure: slot {@code index} of the closure's environment holds it.
 *
 * <p>{@code variable} is the original declaration (its {@link LocalVar#needsCell()} says whether
 * the slot holds a shared heap cell or a copy of the value). {@code source} is how the enclosing
 * unit reaches it when it creates the closure: an {@link Expr.Local} of the enclosing unit, or an
 * {@link Expr.Captured} when the enclosing unit is itself a closure that captured it (a closure
 * nested in a closure captures through its parent). For a cell variable, {@code source} denotes
 * the cell itself, not its content.
 */
public record Capture(int index, LocalVar variable, Expr source) {
}
