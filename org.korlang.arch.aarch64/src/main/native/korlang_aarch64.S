/*
 * korlang_aarch64.S — the Korlang runtime's machine-level shim for AArch64 (AAPCS64).
 *
 * This file is the whole of the native code the aarch64 arch bundle needs: a raw system call,
 * a user-level context switch, a spin-wait hint and a cycle counter. It is assembled into
 * libkorlang_aarch64.so and called from Java through JNA direct mapping
 * (org.korlang.arch.aarch64.internal.Aarch64Shim). Every function is a leaf or a tail into
 * another one of ours; nothing here allocates, locks or calls libc.
 *
 * Calling convention (AAPCS64)
 *   integer arguments      x0-x7; integer result x0
 *   callee-saved           x19-x28, x29 (frame pointer), sp, and the LOW 64 bits of v8-v15
 *                          (d8-d15); x30 (lr) holds the return address
 *   caller-saved           x0-x18, the upper halves of v8-v15, v0-v7, v16-v31, NZCV
 *   FPCR                   rounding mode, flush-to-zero, default-NaN: the AAPCS64 treats the
 *                          control fields as preserved across calls, so the switch keeps them
 *                          per context (FPSR, the cumulative exception flags, is not kept)
 *   stack                  sp is 16-byte aligned at all times (the hardware may check it)
 *
 * Linux system calls
 *   `svc #0` with the number in x8 and arguments in x0-x5; the result comes back in x0, a
 *   failure as a value in [-4095, -1], the negated errno.
 *
 * Darwin system calls
 *   `svc #0x80` with the number in x16; on failure the kernel sets the carry flag and leaves a
 *   POSITIVE errno in x0. kr_syscall6_darwin folds that into -errno so that OS ports see one
 *   convention. (Never executed on Linux, which ignores the svc immediate and would read x8; in
 *   the Linux library it is simply unused.)
 *
 * Object formats
 *   The same text is assembled twice: by aarch64-linux-gnu-gcc into the ELF library
 *   libkorlang_aarch64.so (Linux), and by clang -target arm64-apple-macos11 into a Mach-O object
 *   that ld64.lld links into libkorlang_aarch64.dylib (macOS; ad-hoc signed, as Apple silicon
 *   loads only signed code). The few directives that differ (symbol prefix, .type/.size, local
 *   labels, the GNU-stack note) are the macros of korlang_asm.h
 *   (org.korlang.arch.common/src/main/native); every instruction is shared. Darwin's arm64 ABI
 *   keeps AAPCS64's callee-saved set and reserves x18 for the platform: nothing here touches x18.
 *
 * Context save area (kr_ctx_size() bytes, 16-byte aligned, owned by the caller)
 *
 *   offset  size  contents
 *   ------  ----  ------------------------------------------------------------------------
 *      0    80    x19 ... x28  the callee-saved integer registers, in pairs for stp/ldp
 *     80     8    x29          frame pointer
 *     88     8    x30          resume address (the caller's lr)
 *     96     8    sp           stack pointer the context resumes with
 *    104     8    FPCR         floating-point control register
 *    112    64    d8 ... d15   the callee-saved halves of v8-v15
 *    176          (size)
 *
 * A context is resumed by loading its registers and `ret`-ing to its x30 with its sp: for a
 * context saved by kr_ctx_switch that is exactly the state its caller sees after an ordinary
 * return. For a fresh context (kr_ctx_init) x30 is the trampoline below and the callee-saved
 * slots carry the trampoline's arguments — they survive the call into entry precisely because
 * they are callee-saved.
 *
 * Not used (deliberately): pointer authentication and BTI. This object carries no
 * .note.gnu.property marking, so the loader maps it without guarded pages; the switch moves
 * raw return addresses between stacks, which a PAC-signing variant would have to re-sign.
 */

#define CTX_X19     0
#define CTX_X21    16
#define CTX_X23    32
#define CTX_X25    48
#define CTX_X27    64
#define CTX_X29    80
#define CTX_X30    88
#define CTX_SP     96
#define CTX_FPCR  104
#define CTX_D8    112
#define CTX_D10   128
#define CTX_D12   144
#define CTX_D14   160
#define CTX_SIZE  176

/* FUNCTION/END, PRIVATE_FUNCTION, LOCAL, NO_EXEC_STACK: the ELF and Mach-O spellings */
#include "korlang_asm.h"

        .text

/*
 * long kr_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
 *
 * Moves the C arguments one register down into the kernel's registers. Returns x0 untouched:
 * the caller interprets [-4095, -1] as -errno.
 */
FUNCTION(kr_syscall6)
        .cfi_startproc
        mov     x8, x0                  /* number */
        mov     x0, x1
        mov     x1, x2
        mov     x2, x3
        mov     x3, x4
        mov     x4, x5
        mov     x5, x6
        svc     #0
        ret
        .cfi_endproc
END(kr_syscall6)

/*
 * long kr_syscall6_darwin(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
 *
 * The XNU kernel sets C on failure and leaves a positive errno in x0; negate it so the caller
 * sees -errno as on Linux.
 */
FUNCTION(kr_syscall6_darwin)
        .cfi_startproc
        mov     x16, x0                 /* number: Darwin reads x16 */
        mov     x0, x1
        mov     x1, x2
        mov     x2, x3
        mov     x3, x4
        mov     x4, x5
        mov     x5, x6
        svc     #0x80
        b.cc    1f                      /* carry clear: x0 is the result */
        neg     x0, x0                  /* carry set: x0 is errno, report -errno */
1:      ret
        .cfi_endproc
END(kr_syscall6_darwin)

/*
 * void kr_ctx_switch(void *from, void *to)
 *
 * Saves the caller's callee-saved state into `from` and resumes `to`. Only callee-saved state
 * is kept: to the caller this is an ordinary function call, which may clobber everything else.
 * The resume address is our lr, and sp is the caller's sp (a leaf function leaves it alone), so
 * resuming `from` later is indistinguishable from this call returning normally.
 *
 * FPCR is written only when it differs: an msr to FPCR synchronizes the FP pipeline on many
 * cores and costs far more than the compare that avoids it.
 *
 * from == to is allowed (saves, then restores the same state: a slow no-op).
 */
FUNCTION(kr_ctx_switch)
LOCAL(ctx_switch):                      /* local alias: the trampoline calls us without the PLT */
        .cfi_startproc
        /* --- save the caller into `from` (x0) --- */
        mov     x9, sp
        mrs     x10, fpcr
        stp     x19, x20, [x0, #CTX_X19]
        stp     x21, x22, [x0, #CTX_X21]
        stp     x23, x24, [x0, #CTX_X23]
        stp     x25, x26, [x0, #CTX_X25]
        stp     x27, x28, [x0, #CTX_X27]
        stp     x29, x30, [x0, #CTX_X29]
        stp     x9,  x10, [x0, #CTX_SP]
        stp     d8,  d9,  [x0, #CTX_D8]
        stp     d10, d11, [x0, #CTX_D10]
        stp     d12, d13, [x0, #CTX_D12]
        stp     d14, d15, [x0, #CTX_D14]

        /* --- resume `to` (x1) --- */
        ldp     x19, x20, [x1, #CTX_X19]
        ldp     x21, x22, [x1, #CTX_X21]
        ldp     x23, x24, [x1, #CTX_X23]
        ldp     x25, x26, [x1, #CTX_X25]
        ldp     x27, x28, [x1, #CTX_X27]
        ldp     x29, x30, [x1, #CTX_X29]
        ldp     d8,  d9,  [x1, #CTX_D8]
        ldp     d10, d11, [x1, #CTX_D10]
        ldp     d12, d13, [x1, #CTX_D12]
        ldp     d14, d15, [x1, #CTX_D14]
        ldp     x9,  x11, [x1, #CTX_SP]
        cmp     x10, x11                /* x10 still holds our current FPCR */
        b.eq    1f
        msr     fpcr, x11
1:      mov     sp, x9                  /* from here on we run on `to`'s stack */
        ret                             /* to `to`'s x30 */
        .cfi_endproc
END(kr_ctx_switch)

/*
 * void kr_ctx_init(void *ctx, void *stack_top, void (*entry)(void *), void *arg,
 *                  void *return_ctx)
 *
 * Prepares `ctx` so that the first kr_ctx_switch into it runs entry(arg) on the stack below
 * stack_top, and a return from entry switches to return_ctx. Nothing is written to the stack:
 * the trampoline's inputs travel in callee-saved slots of the save area.
 *
 *   sp   = stack_top rounded down to 16 (AAPCS64: sp is always 16-byte aligned)
 *   x30  = kr_ctx_trampoline, where kr_ctx_switch's `ret` lands
 *   x19  = entry, x20 = arg, x21 = return_ctx, x22 = ctx itself
 *   x29  = 0: a zero frame pointer ends frame-record stack walks
 *   FPCR = the creator's current FPCR (a new context computes like its creator)
 *   every other slot = 0
 */
FUNCTION(kr_ctx_init)
        .cfi_startproc
        and     x1, x1, #~15
        stp     x2,  x3,  [x0, #CTX_X19]        /* x19 = entry, x20 = arg */
        stp     x4,  x0,  [x0, #CTX_X21]        /* x21 = return_ctx, x22 = ctx */
        stp     xzr, xzr, [x0, #CTX_X23]
        stp     xzr, xzr, [x0, #CTX_X25]
        stp     xzr, xzr, [x0, #CTX_X27]
        adr     x9, PRIVATE(kr_ctx_trampoline)
        stp     xzr, x9,  [x0, #CTX_X29]        /* x29 = 0, x30 = trampoline */
        mrs     x10, fpcr
        stp     x1,  x10, [x0, #CTX_SP]
        stp     xzr, xzr, [x0, #CTX_D8]
        stp     xzr, xzr, [x0, #CTX_D10]
        stp     xzr, xzr, [x0, #CTX_D12]
        stp     xzr, xzr, [x0, #CTX_D14]
        ret
        .cfi_endproc
END(kr_ctx_init)

/*
 * kr_ctx_trampoline — the first frame of every context built by kr_ctx_init (not exported).
 *
 * Entered by kr_ctx_switch's `ret` with sp 16-byte aligned and x19-x22 loaded from the save
 * area. Calls entry(arg); when entry returns (sp is back at stack_top) it switches to
 * return_ctx, saving itself into its own ctx. Should anyone switch into the finished context
 * again, it resumes right after that call and simply switches to return_ctx once more: a
 * finished context bounces, it never runs off the top of its stack.
 *
 * `.cfi_undefined x30` tells unwinders (gdb, perf, libunwind) that this frame has no caller.
 */
PRIVATE_FUNCTION(kr_ctx_trampoline)
        .cfi_startproc
        .cfi_undefined x30
        mov     x0, x20                 /* arg */
        blr     x19                     /* entry(arg) */
1:      mov     x0, x22                 /* from: this (finished) context */
        mov     x1, x21                 /* to:   return_ctx */
        bl      LOCAL(ctx_switch)
        b       1b                      /* resumed after finishing: bounce back again */
        .cfi_endproc
END_PRIVATE_FUNCTION(kr_ctx_trampoline)

/* void kr_cpu_relax(void) — spin-wait hint: lets an SMT sibling or the hypervisor run. */
FUNCTION(kr_cpu_relax)
        .cfi_startproc
        yield
        ret
        .cfi_endproc
END(kr_cpu_relax)

/*
 * unsigned long kr_cycle_counter(void) — the virtual count register CNTVCT_EL0, a constant-rate
 * tick (CNTFRQ_EL0 Hz, not core cycles). The `isb` keeps the read from being hoisted above
 * earlier instructions, as the kernel's own vDSO does.
 */
FUNCTION(kr_cycle_counter)
        .cfi_startproc
        isb
        mrs     x0, cntvct_el0
        ret
        .cfi_endproc
END(kr_cycle_counter)

/* int kr_ctx_size(void) — bytes of one save area; a multiple of 16. */
FUNCTION(kr_ctx_size)
        .cfi_startproc
        mov     w0, #CTX_SIZE
        ret
        .cfi_endproc
END(kr_ctx_size)

/* No executable stack: without the ELF note the linker would mark the process stack executable. */
NO_EXEC_STACK
