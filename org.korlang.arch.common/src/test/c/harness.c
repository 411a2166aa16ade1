/*
 * harness.c — exercises every function of a Korlang arch shim (libkorlang_<arch>.so) from C.
 *
 * One source for every CPU port and both systems (it lives in org.korlang.arch.common/src/test/c,
 * next to mutation-check.sh; org.korlang.arch.parent/shim-build.sh compiles it). On Linux it serves
 * x86_64 (built with gcc, linked against the shipped .so, run natively) and aarch64 (cross-built
 * with aarch64-linux-gnu-gcc, run under qemu-aarch64); on macOS the Mac self-test (bin/selftest)
 * builds it with the Mac's own clang against the shipped dylib. The few differences sit behind
 * #if: system-call numbers come from <sys/syscall.h>, and on macOS go through kr_syscall6_darwin
 * (the BSD class 0x2000000 added on x86_64, the carry flag folded into -errno by the shim); the
 * six-argument test maps a memfd on Linux and an unlinked temporary file on macOS; register names
 * and stack alignment at entry differ per CPU. The register checks are each port's own assembly
 * (org.korlang.arch.<arch>/src/test/c/regcheck_<arch>.S), linked in beside this file. Each test
 * prints one PASS/FAIL line, and the last line is the summary `shim harness <arch>: N passed,
 * M failed` (`shim harness <arch> (macOS): ...` on a Mac); the exit status is non-zero if anything
 * failed.
 *
 * What each test shows:
 *   syscall_getpid      the number reaches the kernel and the result comes back
 *   syscall_write_pipe  arguments 1-3 reach the kernel (bytes written through a raw write(2)
 *                       into a pipe are read back through libc)
 *   syscall_six_args    arguments 4-6 reach the kernel: a raw mmap(2) of a file at a non-zero
 *                       offset (flags = arg 4, fd = arg 5, offset = arg 6) sees the right page
 *   syscall_errno       a failing call returns -errno (close(-1) -> -EBADF)
 *   ctx_pingpong        N round trips between two contexts; after every switch, on both sides,
 *                       regcheck_<arch>.S verifies every callee-saved register and the FP control
 *                       state (see there for why a forgotten register cannot go unnoticed)
 *   ctx_entry_return    a fresh context starts with an ABI-aligned stack and its argument; when
 *                       entry returns, control lands in return_ctx (a third context, not the one
 *                       that switched in); switching into the finished context bounces to
 *                       return_ctx again; nothing is written above stack_top
 *   ctx_size_bounds     kr_ctx_size() is a multiple of 16 and neither init nor switch writes past it
 *   cycle_counter       non-decreasing over many reads, and advancing over a 2 ms wait
 *   cpu_relax           used in a real spin-wait handoff between two threads
 *
 * Usage: harness [round-trips]   (default 1000000; the mutation check runs fewer)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* ---- the shim under test ---------------------------------------------------------------- */
long kr_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
long kr_syscall6_darwin(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
void kr_ctx_switch(void *from, void *to);
void kr_ctx_init(void *ctx, void *stack_top, void (*entry)(void *), void *arg, void *return_ctx);
void kr_cpu_relax(void);
unsigned long kr_cycle_counter(void);
int kr_ctx_size(void);

/* ---- the assembly helpers (regcheck_<arch>.S) ----------------------------------------- */
unsigned long kr_test_switch_checked(void *from, void *to, unsigned long seed);
void kr_test_probe_entry(void *out);

#if defined(__x86_64__)
#define ARCH_NAME "x86_64"
/* SysV: entry is reached by a call, so (sp + 8) % 16 == 0 inside it */
#define ENTRY_SP_ALIGNED(sp) ((((sp) + 8) & 15) == 0)
static const char *const REGISTER_NAMES[] = {
    "rbx", "rbp", "r12", "r13", "r14", "r15", "rsp", "mxcsr", "x87cw",
};
#elif defined(__aarch64__)
#define ARCH_NAME "aarch64"
/* AAPCS64: sp is 16-byte aligned at all times */
#define ENTRY_SP_ALIGNED(sp) (((sp) & 15) == 0)
static const char *const REGISTER_NAMES[] = {
    "x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29", "sp",
    "d8", "d9", "d10", "d11", "d12", "d13", "d14", "d15", "fpcr",
};
#else
#error "no harness support for this processor"
#endif

/* The kernel's system-call convention, through the shim's entry for it. */
#if defined(__APPLE__)
#define OS_SUFFIX " (macOS)"
#if defined(__x86_64__)
#define SYSCALL_CLASS_UNIX 0x2000000L   /* XNU x86_64: BSD calls carry class 2 in bits 24+ */
#else
#define SYSCALL_CLASS_UNIX 0L           /* XNU arm64: plain BSD numbers, svc #0x80 */
#endif
#define RAW_SYSCALL(nr, a1, a2, a3, a4, a5, a6) \
    kr_syscall6_darwin(SYSCALL_CLASS_UNIX | (nr), a1, a2, a3, a4, a5, a6)
#else
#define OS_SUFFIX ""
#define RAW_SYSCALL(nr, a1, a2, a3, a4, a5, a6) kr_syscall6(nr, a1, a2, a3, a4, a5, a6)
#endif

#define REGISTER_COUNT (sizeof REGISTER_NAMES / sizeof REGISTER_NAMES[0])
#define STACK_SIZE (256 * 1024)
#define CANARY 0xA5

static int passed, failed;

static void report(const char *test, int ok, const char *fmt, ...) {
    va_list ap;
    printf("%s %s: ", ok ? "PASS" : "FAIL", test);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
    if (ok) passed++; else failed++;
}

/* Writes the names of the registers in `mask` into buf. */
static const char *register_names(unsigned long mask, char *buf, size_t size) {
    buf[0] = '\0';
    for (size_t i = 0; i < REGISTER_COUNT; i++) {
        if (mask & (1UL << i)) {
            strncat(buf, REGISTER_NAMES[i], size - strlen(buf) - 2);
            strncat(buf, " ", size - strlen(buf) - 1);
        }
    }
    return buf[0] ? buf : "none";
}

static void *new_context(void) {
    size_t size = ((size_t) kr_ctx_size() + 15) & ~(size_t) 15;
    void *ctx = aligned_alloc(16, size);
    if (ctx == NULL) { perror("aligned_alloc"); exit(2); }
    memset(ctx, 0, size);
    return ctx;
}

/* A stack with a PROT_NONE guard page below it, so an overflow is a clean SIGSEGV. */
struct stack { unsigned char *base; unsigned char *top; };

static struct stack new_stack(void) {
    long page = sysconf(_SC_PAGESIZE);
    unsigned char *map = mmap(NULL, STACK_SIZE + page, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) { perror("mmap"); exit(2); }
    if (mprotect(map, page, PROT_NONE) != 0) { perror("mprotect"); exit(2); }
    return (struct stack) { map + page, map + page + STACK_SIZE };
}

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* ---- raw system calls --------------------------------------------------------------------- */

static void test_syscall_getpid(void) {
    long raw = RAW_SYSCALL(SYS_getpid, 0, 0, 0, 0, 0, 0);
    report("syscall_getpid", raw == (long) getpid(), "raw %ld, libc %ld", raw, (long) getpid());
}

static void test_syscall_write_pipe(void) {
    int fds[2];
    if (pipe(fds) != 0) { report("syscall_write_pipe", 0, "pipe: %s", strerror(errno)); return; }
    static const char message[] = "korlang shim says hello";
    long written = RAW_SYSCALL(SYS_write, fds[1], (long) message, sizeof message, 0, 0, 0);
    char back[sizeof message] = {0};
    ssize_t got = read(fds[0], back, sizeof back);
    int ok = written == (long) sizeof message && got == (ssize_t) sizeof message
             && memcmp(back, message, sizeof message) == 0;
    report("syscall_write_pipe", ok, "wrote %ld, read back %zd bytes%s", written, got,
           ok ? " (identical)" : " (DIFFERENT)");
    close(fds[0]);
    close(fds[1]);
}

/* A file with no name, for mmap: a memfd on Linux, an unlinked temporary file on macOS. */
static int scratch_file(void) {
#if defined(__APPLE__)
    char path[] = "/tmp/korlang-harness-XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0) unlink(path);
    return fd;
#else
    return memfd_create("korlang-harness", 0);
#endif
}

static void test_syscall_six_args(void) {
    long page = sysconf(_SC_PAGESIZE);
    int fd = scratch_file();
    if (fd < 0) { report("syscall_six_args", 0, "scratch file: %s", strerror(errno)); return; }
    unsigned char *content = malloc(3 * page);
    for (long i = 0; i < 3 * page; i++) content[i] = (unsigned char) (i / page + 1);
    if (write(fd, content, 3 * page) != 3 * page) {
        report("syscall_six_args", 0, "write: %s", strerror(errno));
        close(fd); free(content); return;
    }
    /* mmap(NULL, page, PROT_READ, MAP_SHARED, fd, 2 * page): the third page holds 3s */
    long addr = RAW_SYSCALL(SYS_mmap, 0, page, PROT_READ, MAP_SHARED, fd, 2 * page);
    int ok = addr > 0 || addr < -4095;
    unsigned char seen = ok ? ((unsigned char *) addr)[page - 1] : 0;
    ok = ok && ((unsigned char *) addr)[0] == 3 && seen == 3;
    report("syscall_six_args", ok, "mmap(fd=%d, offset=2 pages) -> %#lx, byte seen %d (want 3)",
           fd, addr, seen);
    if (addr > 0 || addr < -4095) munmap((void *) addr, page);
    close(fd);
    free(content);
}

static void test_syscall_errno(void) {
    long raw = RAW_SYSCALL(SYS_close, -1, 0, 0, 0, 0, 0);
    report("syscall_errno", raw == -EBADF, "close(-1) -> %ld (want -EBADF = %d)", raw, -EBADF);
}

/* ---- context ping-pong with register verification ----------------------------------------- */

static void *pp_main, *pp_peer;
static volatile unsigned long pp_peer_failures;
static volatile long pp_peer_rounds;

/* The peer side: odd seeds, so every register differs from the main side's even ones. */
static void pingpong_peer(void *arg) {
    (void) arg;
    for (unsigned long seed = 1;; seed += 2) {
        pp_peer_failures |= kr_test_switch_checked(pp_peer, pp_main, seed);
        pp_peer_rounds++;
    }
}

static void test_ctx_pingpong(long rounds) {
    pp_main = new_context();
    pp_peer = new_context();
    struct stack stack = new_stack();
    kr_ctx_init(pp_peer, stack.top, pingpong_peer, NULL, pp_main);

    unsigned long main_failures = 0;
    long first_bad_round = -1;
    double start = now_ns();
    for (long i = 0; i < rounds; i++) {
        unsigned long bad = kr_test_switch_checked(pp_main, pp_peer, 2 * (unsigned long) i);
        if (bad && first_bad_round < 0) first_bad_round = i;
        main_failures |= bad;
    }
    double elapsed = now_ns() - start;

    char main_names[256], peer_names[256];
    int ok = main_failures == 0 && pp_peer_failures == 0 && pp_peer_rounds == rounds - 1;
    report("ctx_pingpong", ok,
           "%ld round trips (%.1f ns per switch incl. checks), peer completed %ld; "
           "clobbered on main side: %s; on peer side: %s%s",
           rounds, elapsed / (2.0 * rounds), (long) pp_peer_rounds,
           register_names(main_failures, main_names, sizeof main_names),
           register_names(pp_peer_failures, peer_names, sizeof peer_names),
           first_bad_round >= 0 ? " (first bad round trip shown below)" : "");
    if (first_bad_round >= 0) printf("  first bad round trip: %ld\n", first_bad_round);
    /* the peer is parked forever; its stack and contexts are left to process exit */
}

/* ---- entry, return context, bounce -------------------------------------------------------- */

static void *er_main, *er_returning, *er_landing;
static volatile int er_entry_ran, er_landed, er_entry_ran_when_landed;
static volatile long er_arg_seen;

static void returning_entry(void *arg) {
    er_arg_seen = (long) arg;
    er_entry_ran = 1;
    /* returns: the trampoline must switch to er_landing, not to er_main */
}

static void landing_entry(void *arg) {
    (void) arg;
    for (;;) {
        er_landed++;
        er_entry_ran_when_landed = er_entry_ran;
        kr_ctx_switch(er_landing, er_main);
    }
}

static int canary_intact(const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++) if (p[i] != CANARY) return 0;
    return 1;
}

static void test_ctx_entry_return(void) {
    er_main = new_context();
    er_returning = new_context();
    er_landing = new_context();
    void *probe = new_context();

    /* 1. alignment and argument on the first frame: entry = the asm probe, misaligned top */
    struct stack probe_stack = new_stack();
    long sp_at_entry = 0;
    kr_ctx_init(probe, probe_stack.top - 8 - 3, kr_test_probe_entry, &sp_at_entry, er_main);
    kr_ctx_switch(er_main, probe);
    unsigned long sp = (unsigned long) sp_at_entry;
    int aligned = sp != 0 && ENTRY_SP_ALIGNED(sp)
                  && sp < (unsigned long) (probe_stack.top - 8 - 3)
                  && sp > (unsigned long) probe_stack.base;

    /* 2. return lands in return_ctx; 3. a finished context bounces to return_ctx again */
    struct stack returning_stack = new_stack(), landing_stack = new_stack();
    unsigned char *top = returning_stack.top - 64;      /* 64 canary bytes above stack_top */
    memset(top, CANARY, 64);
    kr_ctx_init(er_landing, landing_stack.top, landing_entry, NULL, er_main);
    kr_ctx_init(er_returning, top, returning_entry, (void *) 0x5eed, er_landing);
    kr_ctx_switch(er_main, er_returning);
    int landed_once = er_entry_ran == 1 && er_landed == 1 && er_entry_ran_when_landed == 1
                      && er_arg_seen == 0x5eed;
    kr_ctx_switch(er_main, er_returning);               /* into the finished context */
    int bounced = er_landed == 2;
    int untouched = canary_intact(top, 64);

    report("ctx_entry_return", aligned && landed_once && bounced && untouched,
           "entry sp %#lx %s, arg %s; entry returned into return_ctx: %s; "
           "finished context bounced to return_ctx: %s; above stack_top untouched: %s",
           sp, aligned ? "ABI-aligned" : "MISALIGNED or outside the stack",
           er_arg_seen == 0x5eed ? "passed" : "LOST", landed_once ? "yes" : "NO",
           bounced ? "yes" : "NO", untouched ? "yes" : "NO");
}

/* ---- save-area size ------------------------------------------------------------------------ */

static void *sz_peer;

static void switch_straight_back(void *back) {
    for (;;) kr_ctx_switch(sz_peer, back);
}

static void test_ctx_size_bounds(void) {
    size_t n = (size_t) kr_ctx_size();
    unsigned char *area = aligned_alloc(16, n + 64);
    struct stack stack = new_stack();
    sz_peer = new_context();

    memset(area, CANARY, n + 64);
    kr_ctx_init(area, stack.top, switch_straight_back, area, sz_peer);
    int init_inside = canary_intact(area + n, 64) && !canary_intact(area, n);

    memset(area, CANARY, n + 64);
    kr_ctx_init(sz_peer, stack.top, switch_straight_back, area, area);
    kr_ctx_switch(area, sz_peer);                       /* saves into area, comes straight back */
    int switch_inside = canary_intact(area + n, 64) && !canary_intact(area, n);

    report("ctx_size_bounds", n % 16 == 0 && n > 0 && init_inside && switch_inside,
           "kr_ctx_size() = %zu; init writes only inside: %s; switch writes only inside: %s",
           n, init_inside ? "yes" : "NO", switch_inside ? "yes" : "NO");
    free(area);
}

/* ---- cycle counter and cpu_relax ------------------------------------------------------------ */

static void test_cycle_counter(void) {
    unsigned long first = kr_cycle_counter(), previous = first;
    long backwards = 0;
    for (int i = 0; i < 1000000; i++) {
        unsigned long now = kr_cycle_counter();
        if (now < previous) backwards++;
        previous = now;
    }
    unsigned long before = kr_cycle_counter();
    double start = now_ns();
    while (now_ns() - start < 2e6) { /* wait 2 ms */ }
    unsigned long after = kr_cycle_counter();
    double ticks_per_us = (after - before) / ((now_ns() - start) / 1e3);
    report("cycle_counter", backwards == 0 && after > before && previous >= first,
           "1000000 reads, %ld went backwards; advanced %lu ticks over 2 ms (~%.0f per us)",
           backwards, after - before, ticks_per_us);
}

static atomic_long relay_ball;      /* odd: the helper thread's turn; even: main's */
static atomic_long relax_calls;
#define RELAY_ROUNDS 2000

static void *relay_helper(void *arg) {
    (void) arg;
    for (long i = 0; i < RELAY_ROUNDS; i++) {
        while ((atomic_load(&relay_ball) & 1) == 0) { kr_cpu_relax(); atomic_fetch_add(&relax_calls, 1); }
        atomic_fetch_add(&relay_ball, 1);
    }
    return NULL;
}

static void test_cpu_relax(void) {
    pthread_t helper;
    if (pthread_create(&helper, NULL, relay_helper, NULL) != 0) {
        report("cpu_relax", 0, "pthread_create failed");
        return;
    }
    for (long i = 0; i < RELAY_ROUNDS; i++) {
        while (atomic_load(&relay_ball) & 1) { kr_cpu_relax(); atomic_fetch_add(&relax_calls, 1); }
        atomic_fetch_add(&relay_ball, 1);
    }
    pthread_join(helper, NULL);
    long ball = atomic_load(&relay_ball);
    report("cpu_relax", ball == 2 * RELAY_ROUNDS,
           "spin-wait relay between two threads: %ld hand-offs (want %d), %ld relax hints",
           ball, 2 * RELAY_ROUNDS, (long) atomic_load(&relax_calls));
}

int main(int argc, char **argv) {
    long rounds = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
    if (rounds < 2) rounds = 2;

    test_syscall_getpid();
    test_syscall_write_pipe();
    test_syscall_six_args();
    test_syscall_errno();
    test_ctx_pingpong(rounds);
    test_ctx_entry_return();
    test_ctx_size_bounds();
    test_cycle_counter();
    test_cpu_relax();

    printf("shim harness %s%s: %d passed, %d failed\n", ARCH_NAME, OS_SUFFIX, passed, failed);
    return failed == 0 ? 0 : 1;
}
