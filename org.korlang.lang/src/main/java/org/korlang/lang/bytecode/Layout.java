package org.korlang.lang.bytecode;

/**
 * A heap object shape of a program: a struct, tuple, enum variant, closure or cell, after
 * monomorphization ({@code Box<Int>} and {@code Box<String>} are two layouts). The VM registers one
 * heap type per layout.
 *
 * <p>Slots: a VARIANT keeps its variant index in slot 0 and a CLOSURE its function index in slot 0
 * (both primitive, written by {@link Op#NEW}); their fields follow from slot 1. STRUCT, TUPLE and
 * CELL fields start at slot 0. {@link #slotOf(int)} maps a field to its slot; instructions address
 * slots.
 *
 * @param name       printable name: {@code Point}, {@code Box<Int>}, {@code Shape.Circle}, {@code (Int, String)}
 * @param kind       what the object is
 * @param fieldTypes type index of each field (for a CLOSURE: its captures)
 * @param fieldNames field names (STRUCT: as declared; others: may be empty strings)
 * @param owner      VARIANT: the enum index; CLOSURE: the function index; otherwise -1
 * @param tag        VARIANT: the variant index within its enum; otherwise 0
 */
public record Layout(String name, Kind kind, int[] fieldTypes, String[] fieldNames, int owner, int tag) {

    /** What kind of object a layout describes. */
    public enum Kind { STRUCT, TUPLE, VARIANT, CLOSURE, CELL }

    public Layout {
        fieldTypes = fieldTypes.clone();
        fieldNames = fieldNames == null ? new String[fieldTypes.length] : fieldNames.clone();
        for (int i = 0; i < fieldNames.length; i++) {
            if (fieldNames[i] == null) {
                fieldNames[i] = "";
            }
        }
        if (fieldNames.length != fieldTypes.length) {
            throw new IllegalArgumentException("layout " + name + ": " + fieldTypes.length + " field types but "
                    + fieldNames.length + " names");
        }
    }

    /** Slots before the first field: 1 for VARIANT and CLOSURE (tag / function), else 0. */
    public int headerSlots() {
        return kind == Kind.VARIANT || kind == Kind.CLOSURE ? 1 : 0;
    }

    public int slotOf(int field) {
        return field + headerSlots();
    }

    /** The field stored in {@code slot}, or -1 for a header slot or out of range. */
    public int fieldAt(int slot) {
        int f = slot - headerSlots();
        return f >= 0 && f < fieldTypes.length ? f : -1;
    }

    public int slots() {
        return headerSlots() + fieldTypes.length;
    }
}
