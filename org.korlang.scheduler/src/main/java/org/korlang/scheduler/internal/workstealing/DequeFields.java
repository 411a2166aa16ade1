package org.korlang.scheduler.internal.workstealing;

/*
 * The field layout of ChaseLevDeque, split over three classes so that the thieves' `top` and the
 * owner's `bottom` never share a cache line: HotSpot lays out superclass fields before subclass
 * fields, so `top` comes first, then 128 bytes of padding, then the owner's fields. Without it every
 * steal (a CAS on top) would invalidate the line the owner writes on every push.
 */

/** {@code top}: thieves CAS it. Accessed through ChaseLevDeque's VarHandles only. */
class DequeTopField {
    long top;
}

/** 128 bytes between {@code top} and the owner's fields. */
class DequePadding extends DequeTopField {
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;
}

/** The owner's fields: {@code bottom} and the array. Accessed through ChaseLevDeque's VarHandles only. */
class DequeOwnerFields extends DequePadding {
    long bottom;
    Object[] array;
}
