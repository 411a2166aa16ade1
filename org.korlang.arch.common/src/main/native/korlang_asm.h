/*
 * korlang_asm.h — the object-format differences between ELF (Linux) and Mach-O (macOS), as
 * macros, so that each CPU port's shim (org.korlang.arch.<cpu>/src/main/native/korlang_<cpu>.S)
 * and its register-check helpers (src/test/c/regcheck_<cpu>.S) are written once and assembled
 * for both: with gcc / aarch64-linux-gnu-gcc into an ELF shared object, and with
 * `clang -target <cpu>-apple-macos…` (which defines __APPLE__) into a Mach-O object that
 * ld64.lld links into a dylib. Only the bracketing of functions differs; every instruction is the
 * same text, so both libraries run the same code.
 *
 *                          ELF                                 Mach-O
 *   C symbol of f          f                                   _f (C names carry a leading '_')
 *   function type/size     .type f, %function / .size f, .-f   (neither exists)
 *   assembler-local label  .Lname                              Lname
 *   private function       name (a local symbol)               Lname (assembler-local)
 *   no executable stack    .note.GNU-stack section             (stacks are never executable)
 *
 * Macros:
 *   FUNCTION(name) … END(name)      an exported C function `name` (global, typed, 16-aligned)
 *   PRIVATE_FUNCTION(name) … END_PRIVATE_FUNCTION(name)
 *                                   a function known only inside this object, referred to as
 *                                   PRIVATE(name): on ELF a local symbol `name` (never exported,
 *                                   but kept in the symbol table for debuggers and profilers),
 *                                   on Mach-O the assembler-local label `Lname`, so that the
 *                                   assembler resolves every reference itself (AArch64 Mach-O has
 *                                   no relocation for an `adr` to a symbol)
 *   LOCAL(name)                     an assembler-local label (a second name for a place)
 *   EXTERN(name)                    the symbol of a C function defined in another object
 *   NO_EXEC_STACK                   the end-of-file marker that keeps the stack non-executable
 *
 * `%function` / `%progbits` are spelled with '%' because '@' starts a comment in AArch64 GNU
 * assembly; x86_64's assembler accepts both spellings. Mach-O macros separate their directives
 * with SEP because Apple's AArch64 assembler reads ';' as the start of a comment.
 *
 * The mutation check (org.korlang.arch.common/src/test/c/mutation-check.sh) finds a function's
 * body between the lines `FUNCTION(name)` and `END(name)`: keep that spelling in the shims.
 */
#ifndef KORLANG_ASM_H
#define KORLANG_ASM_H

#if defined(__APPLE__)

/* one line per directive: on Apple's AArch64 assembler ';' starts a comment, '%%' separates */
#if defined(__aarch64__) || defined(__arm64__)
#define SEP %%
#else
#define SEP ;
#endif

#define LOCAL(name)             L##name

#define EXTERN(name)            _##name

#define FUNCTION(name)          \
        .globl  _##name SEP     \
        .p2align 4 SEP          \
_##name:

#define END(name)

#define PRIVATE(name)           L##name

#define PRIVATE_FUNCTION(name)  \
        .p2align 4 SEP          \
PRIVATE(name):

#define END_PRIVATE_FUNCTION(name)

#define NO_EXEC_STACK

#else /* ELF */

#define LOCAL(name)             .L##name

#define EXTERN(name)            name

#define FUNCTION(name)          \
        .globl  name;           \
        .type   name, %function; \
        .p2align 4;             \
name:

#define END(name)               \
        .size   name, . - name

#define PRIVATE(name)           name

#define PRIVATE_FUNCTION(name)  \
        .p2align 4;             \
        .type   name, %function; \
name:

#define END_PRIVATE_FUNCTION(name) \
        .size   name, . - name

#define NO_EXEC_STACK           \
        .section .note.GNU-stack, "", %progbits

#endif

#endif /* KORLANG_ASM_H */
