package org.korlang.itest.cpuport;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Hashtable;
import java.util.Map;

import org.korlang.arch.Arch;
import org.korlang.os.SyscallTable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/*
 * The whole of a CPU port bundle that OneBundlePortTest builds at test time and installs into the
 * running framework — not part of the test bundle's own behaviour (nothing in org.korlang.itest
 * names this class as an activator; OneBundlePortTest copies this package's classes into the new
 * jar and makes this its Bundle-Activator).
 *
 * It is what README's "How to add a CPU" asks of a new CPU port, for a processor named by its
 * manifest header Itest-Processor (x64test) that answers os.arch amd64 and x86_64 — this machine —
 * with service.ranking 100, so that it wins over org.korlang.arch.x86_64:
 *   - an Arch service with arch.processor=<name> and arch.os.arch=[amd64, x86_64]; its mechanism is
 *     the real x86_64 shim (the Arch of org.korlang.arch.x86_64, looked up once at start: a test
 *     double cannot ship assembly), under the new name;
 *   - unless the header Itest-Table is "none", a SyscallTable service for Linux on <name>: the
 *     x86_64 numbers and struct stat, written out here as a porter writes them from the kernel's
 *     tables (arch/x86/entry/syscalls/syscall_64.tbl, arch/x86/include/uapi/asm/stat.h).
 * No existing bundle is edited: the Linux port binds this Arch and this table by their properties.
 */

/** The activator of the CPU port bundle built by OneBundlePortTest. */
public final class TestCpuPort implements BundleActivator {

    /** The x86_64 numbers by the kernel's names. */
    static final Map<String, Long> LINUX_NUMBERS = Map.ofEntries(
            Map.entry("read", 0L), Map.entry("write", 1L), Map.entry("close", 3L), Map.entry("fstat", 5L),
            Map.entry("lseek", 8L), Map.entry("mmap", 9L), Map.entry("mprotect", 10L), Map.entry("munmap", 11L),
            Map.entry("sched_yield", 24L), Map.entry("madvise", 28L), Map.entry("nanosleep", 35L), Map.entry("getpid", 39L),
            Map.entry("uname", 63L), Map.entry("gettid", 186L), Map.entry("futex", 202L), Map.entry("getdents64", 217L),
            Map.entry("clock_gettime", 228L), Map.entry("exit_group", 231L), Map.entry("openat", 257L), Map.entry("mkdirat", 258L),
            Map.entry("newfstatat", 262L), Map.entry("unlinkat", 263L), Map.entry("getrandom", 318L));

    /** x86_64's own struct stat; its open flags are the generic ones. */
    static final Map<String, Long> LINUX_CONSTANTS = Map.ofEntries(
            Map.entry("sizeof(struct stat)", 144L),
            Map.entry("offsetof(struct stat, st_dev)", 0L), Map.entry("sizeof(st_dev)", 8L),
            Map.entry("offsetof(struct stat, st_ino)", 8L), Map.entry("sizeof(st_ino)", 8L),
            Map.entry("offsetof(struct stat, st_nlink)", 16L), Map.entry("sizeof(st_nlink)", 8L),
            Map.entry("offsetof(struct stat, st_mode)", 24L), Map.entry("sizeof(st_mode)", 4L),
            Map.entry("offsetof(struct stat, st_uid)", 28L), Map.entry("sizeof(st_uid)", 4L),
            Map.entry("offsetof(struct stat, st_gid)", 32L), Map.entry("sizeof(st_gid)", 4L),
            Map.entry("offsetof(struct stat, st_size)", 48L), Map.entry("sizeof(st_size)", 8L),
            Map.entry("offsetof(struct stat, st_blksize)", 56L), Map.entry("sizeof(st_blksize)", 8L),
            Map.entry("offsetof(struct stat, st_blocks)", 64L), Map.entry("sizeof(st_blocks)", 8L),
            Map.entry("offsetof(struct stat, st_mtime)", 88L),
            Map.entry("offsetof(struct stat, st_mtime_nsec)", 96L));

    @Override
    public void start(BundleContext context) throws Exception {
        String processor = context.getBundle().getHeaders("").get("Itest-Processor");
        Collection<ServiceReference<Arch>> shims = context.getServiceReferences(Arch.class, "(" + Arch.PROCESSOR + "=x86_64)");
        if (shims.isEmpty()) {
            throw new IllegalStateException("this test port runs on the x86_64 shim, which is not registered");
        }
        Arch shim = context.getService(shims.iterator().next());

        Hashtable<String, Object> arch = new Hashtable<>();
        arch.put(Arch.PROCESSOR, processor);
        arch.put(Arch.JVM_ARCH_NAMES, new String[] {"amd64", "x86_64"});
        arch.put(Constants.SERVICE_RANKING, 100);
        context.registerService(Arch.class, new Renamed(processor, shim), arch);

        if (!"none".equals(context.getBundle().getHeaders("").get("Itest-Table"))) {
            Hashtable<String, Object> table = new Hashtable<>();
            table.put(SyscallTable.KERNEL, "linux");
            table.put(SyscallTable.PROCESSOR, processor);
            context.registerService(SyscallTable.class, new SyscallTable() {
                @Override
                public Map<String, Long> numbers() { return LINUX_NUMBERS; }

                @Override
                public Map<String, Long> constants() { return LINUX_CONSTANTS; }
            }, table);
        }
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters this bundle's services and releases the shim
    }

    /** The x86_64 shim under this port's processor name. */
    private record Renamed(String name, Arch shim) implements Arch {
        @Override public int wordSize() { return shim.wordSize(); }
        @Override public long syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6) { return shim.syscall6(n, a1, a2, a3, a4, a5, a6); }
        @Override public long syscall6Darwin(long n, long a1, long a2, long a3, long a4, long a5, long a6) { return shim.syscall6Darwin(n, a1, a2, a3, a4, a5, a6); }
        @Override public int contextSize() { return shim.contextSize(); }
        @Override public void contextInit(long context, long stackTop, long entry, long arg, long returnContext) { shim.contextInit(context, stackTop, entry, arg, returnContext); }
        @Override public void contextSwitch(long from, long to) { shim.contextSwitch(from, to); }
        @Override public void cpuRelax() { shim.cpuRelax(); }
        @Override public long cycleCounter() { return shim.cycleCounter(); }
        @Override public ByteBuffer view(long address, int length) { return shim.view(address, length); }
        @Override public long address(ByteBuffer direct) { return shim.address(direct); }
    }
}
