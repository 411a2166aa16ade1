/*
 * regcheck_x86_64.S — test helpers that make a forgotten register in kr_ctx_switch visible.
 *
 * A C test cannot see whether a context switch preserved rbx or the MXCSR: the compiler decides
 * what lives in which register. So the check is done here, in assembly, around the switch:
 *
 *   unsigned long kr_test_switch_checked(void *from, void *to, unsigned long seed)
 *
 *   1. saves its caller's callee-saved registers and control words (it is a C function too);
 *   2. loads a pattern derived from `seed` into EVERY callee-saved register and control word:
 *        rbx..r15 = seed * K + 1..6            (K = 2^64 / golden ratio: distinct per seed)
 *        MXCSR    = masks | RC = seed & 3 | FTZ = seed bit 2 | DAZ = seed bit 3
 *        x87 CW   = masks | PC = double/extended (seed bit 2) | RC = seed & 3
 *   3. calls kr_ctx_switch(from, to);
 *   4. when resumed, recomputes the pattern from the seed kept in its frame and compares
 *      every register; rsp is compared with a copy of itself stored in the frame;
 *   5. restores its caller's state and returns a bit mask of the registers that differ
 *      (bit numbers below; 0 = all intact).
 *
 * The harness runs this helper on BOTH sides of a ping-pong, with even seeds on one side and
 * odd seeds on the other. Each side therefore overwrites every callee-saved register and both
 * rounding modes with values that differ from the other side's in every register (the low seed
 * bit flips every rounding-control field), so a shim that does not save and restore any one of
 * them hands the other side's value back and the mask shows it on the very first round trip.
 *
 * Result bits: 0 rbx, 1 rbp, 2 r12, 3 r13, 4 r14, 5 r15, 6 rsp, 7 MXCSR, 8 x87 CW.
 *
 *   void kr_test_probe_entry(long *out)
 *
 * An entry function for kr_ctx_init that records the rsp it was entered with, so the harness
 * can check the ABI alignment ((rsp + 8) % 16 == 0) on a fresh context's first frame.
 */

/* FUNCTION/END, EXTERN, NO_EXEC_STACK: the ELF and Mach-O spellings (the Mac self-test builds
 * this file with the Mac's own clang) */
#include "korlang_asm.h"

#define PATTERN_K       0x9E3779B97F4A7C15

/* Frame of kr_test_switch_checked, below the six pushed registers (rsp is 16-aligned here). */
#define F_SEED          0       /* the seed, to recompute the pattern after the switch */
#define F_CALLER_MXCSR  8       /* the caller's MXCSR ... */
#define F_CALLER_FPUCW 12       /* ... and x87 CW, restored on return */
#define F_RSP          16       /* a copy of rsp itself */
#define F_MXCSR        24       /* scratch for ldmxcsr/stmxcsr */
#define F_FPUCW        28       /* scratch for fldcw/fnstcw */
#define F_SIZE         40       /* 8 (return address) + 48 (pushes) + 40 = 96: 16-aligned */

#define MXCSR_CONTROL  0xFFC0   /* MXCSR minus the sticky exception flags */
#define FPUCW_CONTROL  0x0F3F   /* x87 CW minus the reserved bits */

        .text

/* \out = MXCSR for \seed: all exceptions masked, RC, FTZ and DAZ taken from the seed. */
.macro mxcsr_for seed, out, tmp
        movl    $0x1F80, \out
        movl    \seed, \tmp
        andl    $3, \tmp
        shll    $13, \tmp               /* RC, bits 13-14 */
        orl     \tmp, \out
        movl    \seed, \tmp
        andl    $4, \tmp
        shll    $13, \tmp               /* seed bit 2 -> FTZ, bit 15 */
        orl     \tmp, \out
        movl    \seed, \tmp
        andl    $8, \tmp
        shll    $3, \tmp                /* seed bit 3 -> DAZ, bit 6 */
        orl     \tmp, \out
.endm

/* \out = x87 CW for \seed: all exceptions masked, PC double or extended, RC from the seed. */
.macro fpucw_for seed, out, tmp
        movl    $0x027F, \out           /* masks, PC = 10 (double) */
        movl    \seed, \tmp
        andl    $3, \tmp
        shll    $10, \tmp               /* RC, bits 10-11 */
        orl     \tmp, \out
        movl    \seed, \tmp
        andl    $4, \tmp
        shll    $6, \tmp                /* seed bit 2 -> PC low bit 8: 11 = extended */
        orl     \tmp, \out
.endm

/* Sets bit \bit of eax unless \reg == \base + \k. */
.macro check reg, base, k, bit
        leaq    \k(\base), %rdx
        cmpq    %rdx, \reg
        je      1f
        orl     $(1 << \bit), %eax
1:
.endm

FUNCTION(kr_test_switch_checked)
        .cfi_startproc
        pushq   %rbp
        pushq   %rbx
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        subq    $F_SIZE, %rsp
        .cfi_adjust_cfa_offset 88
        movq    %rdx, F_SEED(%rsp)
        stmxcsr F_CALLER_MXCSR(%rsp)
        fnstcw  F_CALLER_FPUCW(%rsp)
        movq    %rsp, F_RSP(%rsp)

        /* control words first: they need scratch registers that the pattern will overwrite */
        mxcsr_for %edx, %eax, %ecx
        movl    %eax, F_MXCSR(%rsp)
        ldmxcsr F_MXCSR(%rsp)
        fpucw_for %edx, %eax, %ecx
        movw    %ax, F_FPUCW(%rsp)
        fldcw   F_FPUCW(%rsp)

        movabsq $PATTERN_K, %rax
        imulq   %rdx, %rax              /* base = seed * K */
        leaq    1(%rax), %rbx
        leaq    2(%rax), %rbp
        leaq    3(%rax), %r12
        leaq    4(%rax), %r13
        leaq    5(%rax), %r14
        leaq    6(%rax), %r15

        call    EXTERN(kr_ctx_switch)   /* rdi = from, rsi = to, untouched so far */

        xorl    %eax, %eax              /* the result mask */
        cmpq    F_RSP(%rsp), %rsp
        je      1f
        orl     $(1 << 6), %eax
1:
        movabsq $PATTERN_K, %rcx
        imulq   F_SEED(%rsp), %rcx      /* base again */
        check   %rbx, %rcx, 1, 0
        check   %rbp, %rcx, 2, 1
        check   %r12, %rcx, 3, 2
        check   %r13, %rcx, 4, 3
        check   %r14, %rcx, 5, 4
        check   %r15, %rcx, 6, 5

        movq    F_SEED(%rsp), %rcx
        stmxcsr F_MXCSR(%rsp)
        movl    F_MXCSR(%rsp), %esi
        andl    $MXCSR_CONTROL, %esi
        mxcsr_for %ecx, %edi, %edx
        cmpl    %edi, %esi
        je      1f
        orl     $(1 << 7), %eax
1:
        fnstcw  F_FPUCW(%rsp)
        movzwl  F_FPUCW(%rsp), %esi
        andl    $FPUCW_CONTROL, %esi
        fpucw_for %ecx, %edi, %edx
        andl    $FPUCW_CONTROL, %edi
        cmpl    %edi, %esi
        je      1f
        orl     $(1 << 8), %eax
1:
        ldmxcsr F_CALLER_MXCSR(%rsp)
        fldcw   F_CALLER_FPUCW(%rsp)
        addq    $F_SIZE, %rsp
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbx
        popq    %rbp
        .cfi_adjust_cfa_offset -88
        ret
        .cfi_endproc
END(kr_test_switch_checked)

FUNCTION(kr_test_probe_entry)
        movq    %rsp, (%rdi)
        ret
END(kr_test_probe_entry)

NO_EXEC_STACK
