/*
 * regcheck_aarch64.S — test helpers that make a forgotten register in kr_ctx_switch visible.
 *
 * A C test cannot see whether a context switch preserved x23 or d12: the compiler decides what
 * lives in which register. So the check is done here, in assembly, around the switch:
 *
 *   unsigned long kr_test_switch_checked(void *from, void *to, unsigned long seed)
 *
 *   1. saves its caller's callee-saved registers and FPCR (it is a C function too);
 *   2. loads a pattern derived from `seed` into EVERY callee-saved register and into FPCR:
 *        x19..x28, x29 = seed * K + 1..11       (K = 2^64 / golden ratio: distinct per seed)
 *        d8..d15       = seed * K + 12..19      (as raw 64-bit patterns, via fmov)
 *        FPCR          = RMode = seed & 3 | FZ = seed bit 2 | DN = seed bit 3
 *   3. calls kr_ctx_switch(from, to);
 *   4. when resumed, recomputes the pattern from the seed kept in its frame and compares every
 *      register; sp is compared with a copy of itself stored in the frame;
 *   5. restores its caller's state and returns a bit mask of the registers that differ
 *      (bit numbers below; 0 = all intact).
 *
 * The harness runs this helper on BOTH sides of a ping-pong, with even seeds on one side and
 * odd seeds on the other. Each side therefore overwrites every callee-saved register and the
 * rounding mode with values that differ from the other side's (the low seed bit flips RMode),
 * so a shim that does not save and restore any one of them hands the other side's value back
 * and the mask shows it on the very first round trip.
 *
 * Result bits: 0-9 x19-x28, 10 x29, 11 sp, 12-19 d8-d15, 20 FPCR.
 *
 *   void kr_test_probe_entry(long *out)
 *
 * An entry function for kr_ctx_init that records the sp it was entered with, so the harness
 * can check the ABI alignment (sp % 16 == 0) on a fresh context's first frame.
 */

/* FUNCTION/END, EXTERN, NO_EXEC_STACK: the ELF and Mach-O spellings (the Mac self-test builds
 * this file with the Mac's own clang) */
#include "korlang_asm.h"

#define F_SEED         160      /* the seed, to recompute the pattern after the switch */
#define F_CALLER_FPCR  168      /* the caller's FPCR, restored on return */
#define F_SP           176      /* a copy of sp itself */
#define F_SIZE         192      /* 0: x29/x30, 16: x19-x28, 96: d8-d15, 160: the above */

#define FPCR_CONTROL   0x03C00000       /* RMode (22-23), FZ (24), DN (25) */

        .text

/* Loads \reg with seed * K, K = 0x9E3779B97F4A7C15. */
.macro pattern_base reg, seed
        movz    \reg, #0x7C15
        movk    \reg, #0x7F4A, lsl #16
        movk    \reg, #0x79B9, lsl #32
        movk    \reg, #0x9E37, lsl #48
        mul     \reg, \reg, \seed
.endm

/* \out = FPCR for \seed: RMode = seed & 3, FZ = seed bit 2, DN = seed bit 3. */
.macro fpcr_for out, seed
        ubfiz   \out, \seed, #22, #4    /* seed bits 0-3 -> FPCR bits 22-25 */
.endm

/* Sets bit \bit of x0 unless \reg == x9 + \k (x9 holds the pattern base). */
.macro check reg, k, bit
        add     x10, x9, #\k
        cmp     \reg, x10
        b.eq    1f
        orr     x0, x0, #(1 << \bit)
1:
.endm

/* The same for a d register, compared as its raw 64-bit pattern. */
.macro checkd dreg, k, bit
        fmov    x11, \dreg
        check   x11, \k, \bit
.endm

FUNCTION(kr_test_switch_checked)
        .cfi_startproc
        stp     x29, x30, [sp, #-F_SIZE]!
        .cfi_def_cfa_offset F_SIZE
        stp     x19, x20, [sp, #16]
        stp     x21, x22, [sp, #32]
        stp     x23, x24, [sp, #48]
        stp     x25, x26, [sp, #64]
        stp     x27, x28, [sp, #80]
        stp     d8,  d9,  [sp, #96]
        stp     d10, d11, [sp, #112]
        stp     d12, d13, [sp, #128]
        stp     d14, d15, [sp, #144]
        str     x2, [sp, #F_SEED]
        mrs     x9, fpcr
        str     x9, [sp, #F_CALLER_FPCR]
        mov     x9, sp
        str     x9, [sp, #F_SP]

        fpcr_for x10, x2
        msr     fpcr, x10

        pattern_base x9, x2
        add     x19, x9, #1
        add     x20, x9, #2
        add     x21, x9, #3
        add     x22, x9, #4
        add     x23, x9, #5
        add     x24, x9, #6
        add     x25, x9, #7
        add     x26, x9, #8
        add     x27, x9, #9
        add     x28, x9, #10
        add     x29, x9, #11
        add     x10, x9, #12
        fmov    d8, x10
        add     x10, x9, #13
        fmov    d9, x10
        add     x10, x9, #14
        fmov    d10, x10
        add     x10, x9, #15
        fmov    d11, x10
        add     x10, x9, #16
        fmov    d12, x10
        add     x10, x9, #17
        fmov    d13, x10
        add     x10, x9, #18
        fmov    d14, x10
        add     x10, x9, #19
        fmov    d15, x10

        bl      EXTERN(kr_ctx_switch)   /* x0 = from, x1 = to, untouched so far */

        mov     x0, #0                  /* the result mask */
        mov     x11, sp
        ldr     x10, [sp, #F_SP]
        cmp     x11, x10
        b.eq    1f
        orr     x0, x0, #(1 << 11)
1:
        ldr     x2, [sp, #F_SEED]
        pattern_base x9, x2
        check   x19, 1, 0
        check   x20, 2, 1
        check   x21, 3, 2
        check   x22, 4, 3
        check   x23, 5, 4
        check   x24, 6, 5
        check   x25, 7, 6
        check   x26, 8, 7
        check   x27, 9, 8
        check   x28, 10, 9
        check   x29, 11, 10
        checkd  d8,  12, 12
        checkd  d9,  13, 13
        checkd  d10, 14, 14
        checkd  d11, 15, 15
        checkd  d12, 16, 16
        checkd  d13, 17, 17
        checkd  d14, 18, 18
        checkd  d15, 19, 19

        mrs     x11, fpcr
        and     x11, x11, #FPCR_CONTROL
        fpcr_for x10, x2
        cmp     x11, x10
        b.eq    1f
        orr     x0, x0, #(1 << 20)
1:
        ldr     x9, [sp, #F_CALLER_FPCR]
        msr     fpcr, x9
        ldp     x19, x20, [sp, #16]
        ldp     x21, x22, [sp, #32]
        ldp     x23, x24, [sp, #48]
        ldp     x25, x26, [sp, #64]
        ldp     x27, x28, [sp, #80]
        ldp     d8,  d9,  [sp, #96]
        ldp     d10, d11, [sp, #112]
        ldp     d12, d13, [sp, #128]
        ldp     d14, d15, [sp, #144]
        ldp     x29, x30, [sp], #F_SIZE
        .cfi_def_cfa_offset 0
        ret
        .cfi_endproc
END(kr_test_switch_checked)

FUNCTION(kr_test_probe_entry)
        mov     x9, sp
        str     x9, [x0]
        ret
END(kr_test_probe_entry)

NO_EXEC_STACK
