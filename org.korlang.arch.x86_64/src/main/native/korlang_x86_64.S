/*
 * korlang_x86_64.S — the Korlang runtime's machine-level shim for x86_64 (System V AMD64 ABI).
 *
 * This file is the whole of the native code the x86_64 arch bundle needs: a raw system call,
 * a user-level context switch, a spin-wait hint and a cycle counter. It is assembled into
 * libkorlang_x86_64.so and called from Java through JNA direct mapping
 * (org.korlang.arch.x86_64.internal.X86_64Shim). Every function is a leaf or a tail into
 * another one of ours; nothing here allocates, locks or calls libc.
 *
 * Calling convention (SysV AMD64)
 *   integer arguments      rdi, rsi, rdx, rcx, r8, r9, then the stack (7th at 8(%rsp) on entry)
 *   integer result         rax
 *   callee-saved           rbx, rbp, r12, r13, r14, r15, rsp
 *                          + the control bits of MXCSR and the x87 control word
 *                          (SysV: "the control bits of MXCSR and the x87 CW are callee-saved")
 *   caller-saved           everything else, including every xmm/ymm register — so a context
 *                          switch, being an ordinary call for its caller, need not save them
 *   stack                  16-byte aligned at every call instruction, i.e. (%rsp + 8) % 16 == 0
 *                          on entry to a function
 *
 * Linux system calls
 *   number in rax, arguments in rdi, rsi, rdx, r10, r8, r9 (r10, not rcx: `syscall` itself
 *   overwrites rcx with the return rip and r11 with rflags). The kernel returns the result in
 *   rax; a failure is a value in [-4095, -1], the negated errno.
 *
 * Darwin system calls
 *   same registers; the number carries the syscall class in its top bits (0x2000000 for BSD
 *   calls) and the kernel reports failure by setting the carry flag with a POSITIVE errno in
 *   rax. kr_syscall6_darwin folds that into the Linux convention (-errno) so that OS ports see
 *   one convention. (Never executed on Linux; in the Linux library it is simply unused.)
 *
 * Object formats
 *   The same text is assembled twice: by gcc into the ELF library libkorlang_x86_64.so (Linux),
 *   and by clang -target x86_64-apple-macos10.15 into a Mach-O object that ld64.lld links into
 *   libkorlang_x86_64.dylib (macOS). The few directives that differ (symbol prefix, .type/.size,
 *   local labels, the GNU-stack note) are the macros of korlang_asm.h
 *   (org.korlang.arch.common/src/main/native); every instruction is shared.
 *
 * Context save area (kr_ctx_size() bytes, 16-byte aligned, owned by the caller)
 *
 *   offset  size  contents
 *   ------  ----  ------------------------------------------------------------------------
 *      0     8    rbx        \
 *      8     8    rbp         |
 *     16     8    r12         |  the callee-saved integer registers
 *     24     8    r13         |
 *     32     8    r14         |
 *     40     8    r15        /
 *     48     8    rsp        stack pointer the context resumes with (as after a `ret`)
 *     56     8    rip        address the context resumes at
 *     64     4    MXCSR      SSE rounding mode, FTZ/DAZ and exception masks
 *     68     2    x87 CW     x87 precision, rounding and exception masks
 *     70    10    reserved   keeps the area a multiple of 16 bytes
 *
 * A context is resumed by loading its registers and jumping to its rip with its rsp: for a
 * context saved by kr_ctx_switch that is exactly the state its caller would have seen after an
 * ordinary `ret`. For a fresh context (kr_ctx_init) rip is the trampoline below and the
 * callee-saved slots carry the trampoline's arguments — they survive the call into entry
 * precisely because they are callee-saved.
 *
 * Not supported (deliberately): CET shadow stacks and IBT. This object carries no
 * .note.gnu.property marking, so the loader keeps both off for the process; a shadow-stack
 * aware switch would also have to swap the shadow-stack pointer (rstorssp/saveprevssp).
 */

#define CTX_RBX     0
#define CTX_RBP     8
#define CTX_R12    16
#define CTX_R13    24
#define CTX_R14    32
#define CTX_R15    40
#define CTX_RSP    48
#define CTX_RIP    56
#define CTX_MXCSR  64
#define CTX_FPUCW  68
#define CTX_SIZE   80

/* FUNCTION/END, PRIVATE_FUNCTION, LOCAL, NO_EXEC_STACK: the ELF and Mach-O spellings */
#include "korlang_asm.h"

        .text

/*
 * long kr_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
 *
 * Moves the C arguments one register to the left into the kernel's registers; a6 arrives on
 * the stack. Returns rax untouched: the caller interprets [-4095, -1] as -errno.
 */
FUNCTION(kr_syscall6)
        .cfi_startproc
        movq    %rdi, %rax              /* number */
        movq    %rsi, %rdi              /* a1 */
        movq    %rdx, %rsi              /* a2 */
        movq    %rcx, %rdx              /* a3 */
        movq    %r8,  %r10              /* a4: r10, because `syscall` clobbers rcx */
        movq    %r9,  %r8               /* a5 */
        movq    8(%rsp), %r9            /* a6: first stack argument, above the return address */
        syscall
        ret
        .cfi_endproc
END(kr_syscall6)

/*
 * long kr_syscall6_darwin(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
 *
 * The Darwin kernel sets CF on failure and leaves a positive errno in rax; negate it so the
 * caller sees -errno as on Linux. The number must already include the class (0x2000000).
 */
FUNCTION(kr_syscall6_darwin)
        .cfi_startproc
        movq    %rdi, %rax
        movq    %rsi, %rdi
        movq    %rdx, %rsi
        movq    %rcx, %rdx
        movq    %r8,  %r10
        movq    %r9,  %r8
        movq    8(%rsp), %r9
        syscall
        jnc     1f                      /* carry clear: rax is the result */
        negq    %rax                    /* carry set: rax is errno, report -errno */
1:      ret
        .cfi_endproc
END(kr_syscall6_darwin)

/*
 * void kr_ctx_switch(void *from, void *to)
 *
 * Saves the caller's callee-saved state into `from` and resumes `to`. Only callee-saved state
 * is kept: to the caller this is an ordinary function call, which may clobber everything else.
 *
 * The saved resume point is our own return address, and the saved rsp is the value rsp will
 * have after `ret` (rsp + 8): resuming `from` later is then indistinguishable from this call
 * returning normally. We resume `to` with a plain jump instead of a `ret`, so a fresh context
 * needs nothing pushed on its stack.
 *
 * from == to is allowed (saves, then restores the same state: a slow no-op).
 */
FUNCTION(kr_ctx_switch)
LOCAL(ctx_switch):                      /* local alias: the trampoline calls us without the PLT */
        .cfi_startproc
        /* --- save the caller into `from` (rdi) --- */
        movq    (%rsp), %rax            /* resume address = our return address */
        leaq    8(%rsp), %rcx           /* resume rsp = rsp after our `ret` */
        movq    %rbx, CTX_RBX(%rdi)
        movq    %rbp, CTX_RBP(%rdi)
        movq    %r12, CTX_R12(%rdi)
        movq    %r13, CTX_R13(%rdi)
        movq    %r14, CTX_R14(%rdi)
        movq    %r15, CTX_R15(%rdi)
        movq    %rcx, CTX_RSP(%rdi)
        movq    %rax, CTX_RIP(%rdi)
        stmxcsr CTX_MXCSR(%rdi)         /* SSE control: rounding mode, FTZ/DAZ, masks */
        fnstcw  CTX_FPUCW(%rdi)         /* x87 control: precision, rounding, masks */

        /* --- resume `to` (rsi) --- */
        movq    CTX_RBX(%rsi), %rbx
        movq    CTX_RBP(%rsi), %rbp
        movq    CTX_R12(%rsi), %r12
        movq    CTX_R13(%rsi), %r13
        movq    CTX_R14(%rsi), %r14
        movq    CTX_R15(%rsi), %r15
        ldmxcsr CTX_MXCSR(%rsi)
        fldcw   CTX_FPUCW(%rsi)
        movq    CTX_RSP(%rsi), %rsp     /* from here on we run on `to`'s stack */
        jmpq    *CTX_RIP(%rsi)
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
 *   rsp  = stack_top rounded down to 16: the trampoline starts with an aligned stack, so its
 *          `call *entry` leaves (%rsp + 8) % 16 == 0 inside entry, as the ABI demands
 *   rip  = kr_ctx_trampoline
 *   rbx  = entry, r12 = arg, r13 = return_ctx, r14 = ctx itself
 *   rbp  = 0, r15 = 0: a zero frame pointer ends frame-pointer stack walks
 *   MXCSR, x87 CW: the creator's current control state (a new context computes like its
 *          creator; the save area has no other sensible default)
 */
FUNCTION(kr_ctx_init)
        .cfi_startproc
        andq    $-16, %rsi
        movq    %rdx, CTX_RBX(%rdi)     /* entry */
        movq    $0,   CTX_RBP(%rdi)
        movq    %rcx, CTX_R12(%rdi)     /* arg */
        movq    %r8,  CTX_R13(%rdi)     /* return_ctx */
        movq    %rdi, CTX_R14(%rdi)     /* the context itself, for the final switch */
        movq    $0,   CTX_R15(%rdi)
        movq    %rsi, CTX_RSP(%rdi)
        leaq    PRIVATE(kr_ctx_trampoline)(%rip), %rax
        movq    %rax, CTX_RIP(%rdi)
        stmxcsr CTX_MXCSR(%rdi)
        fnstcw  CTX_FPUCW(%rdi)
        movw    $0,   CTX_FPUCW+2(%rdi) /* reserved bytes: defined, never read */
        movq    $0,   CTX_FPUCW+4(%rdi)
        ret
        .cfi_endproc
END(kr_ctx_init)

/*
 * kr_ctx_trampoline — the first frame of every context built by kr_ctx_init (not exported).
 *
 * Entered by kr_ctx_switch's jump with rsp 16-byte aligned and rbx/r12/r13/r14 loaded from the
 * save area. Calls entry(arg); when entry returns (rsp is back at stack_top, still aligned) it
 * switches to return_ctx, saving itself into its own ctx. Should anyone switch into the finished
 * context again, it resumes right after that call and simply switches to return_ctx once more:
 * a finished context bounces, it never runs off the top of its stack.
 *
 * `.cfi_undefined rip` tells unwinders (gdb, perf, libunwind) that this frame has no caller.
 */
PRIVATE_FUNCTION(kr_ctx_trampoline)
        .cfi_startproc
        .cfi_undefined rip
        movq    %r12, %rdi              /* arg */
        callq   *%rbx                   /* entry(arg) */
1:      movq    %r14, %rdi              /* from: this (finished) context */
        movq    %r13, %rsi              /* to:   return_ctx */
        callq   LOCAL(ctx_switch)
        jmp     1b                      /* resumed after finishing: bounce back again */
        .cfi_endproc
END_PRIVATE_FUNCTION(kr_ctx_trampoline)

/* void kr_cpu_relax(void) — spin-wait hint: yields pipeline resources to the sibling thread. */
FUNCTION(kr_cpu_relax)
        .cfi_startproc
        pause
        ret
        .cfi_endproc
END(kr_cpu_relax)

/*
 * unsigned long kr_cycle_counter(void) — the time-stamp counter, edx:eax combined.
 * Not serializing: it may be read slightly early relative to surrounding instructions, which
 * is fine for sampling and backoff; callers that bracket code precisely add their own fences.
 */
FUNCTION(kr_cycle_counter)
        .cfi_startproc
        rdtsc
        shlq    $32, %rdx
        orq     %rdx, %rax
        ret
        .cfi_endproc
END(kr_cycle_counter)

/* int kr_ctx_size(void) — bytes of one save area; a multiple of 16. */
FUNCTION(kr_ctx_size)
        .cfi_startproc
        movl    $CTX_SIZE, %eax
        ret
        .cfi_endproc
END(kr_ctx_size)

/* No executable stack: without the ELF note the linker would mark the process stack executable. */
NO_EXEC_STACK
