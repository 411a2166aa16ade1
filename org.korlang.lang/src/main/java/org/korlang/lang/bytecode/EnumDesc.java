package org.korlang.lang.bytecode;

/**
 * An enum of a program (one per instantiation of a generic enum).
 *
 * @param name     printable name ({@code Shape}, {@code Result<Int, String>})
 * @param variants the layout index of each variant, in variant order (variant i has tag i)
 */
public record EnumDesc(String name, int[] variants) {
    public EnumDesc {
        variants = variants.clone();
    }
}
