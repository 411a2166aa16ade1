package org.korlang.vm.internal.osgi;

import java.util.List;
import java.util.Map;

import org.korlang.gc.Heap;
import org.korlang.lang.bytecode.Program;
import org.korlang.vm.Console;
import org.korlang.vm.KorlangVm;
import org.korlang.vm.Outcome;
import org.korlang.vm.Vm;
import org.korlang.vm.VmOptions;
import org.korlang.os.Os;
import org.korlang.os.binding.PortHandle;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.TaskCountSource;
import org.korlang.scheduler.TaskCounts;

/**
 * The {@link Vm} service over the platform's {@link Heap} service, its stdlib over the {@code Os}
 * ports through a {@link PortHandle}; a program's tasks (#12) run on the platform's {@link Scheduler} service when there is one
 * (so {@code sched:policy} swaps it under a running program), else on a standalone scheduler per run.
 * It is also the {@link TaskCountSource} "korlang": the Korlang task counts of every program it runs,
 * which {@code sched:stats} and the observe console show.
 *
 * <h2>Ports</h2>
 * Os services are bound dynamically, optionally and greedily, and fed to a {@link PortHandle}
 * (org.korlang.os.binding, the rules the heap follows too): when the serving OS port (or the arch
 * port under it) stops, this component, {@code korlang:run} and every running program stay; a stdlib
 * call that needs a system call waits (one {@code korlang: waiting: ...} line) until a port serves
 * this kernel and processor again, or goes at once to another port that does; a port of another
 * kernel or processor is never bound. A builtin waits for a port before it touches the heap, with
 * its task's mutator blocked (StdlibBuiltins), so collections — the demo's, other programs' — go on
 * meanwhile. No gate is needed (as the heap and sync have): the Heap this component requires
 * appears only once a port has served. After deactivation the unbinds that follow are ignored: a
 * program still running keeps the port it had.
 */
@Component(service = {Vm.class, TaskCountSource.class})
public final class VmComponent implements Vm, TaskCountSource {


    /** The Os the stdlib calls through: it outlives the port services. */
    private final PortHandle os = new PortHandle(PortHandle.kernelOfThisMachine(), System.err,
            "running programs stay", VmComponent::frameworkStopping);
    private final KorlangVm vm;
    private volatile boolean deactivated;

    @Activate
    public VmComponent(@Reference Heap heap,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) Scheduler scheduler) {
        this.vm = new KorlangVm(heap, scheduler, os);
    }

    /**
     * An Os service arrived: every one is bound (0..n) and the handle chooses the best-ranked that
     * serves this kernel and processor (see HeapComponent.bindOs for why not SCR).
     */
    @Reference(name = "os", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOs(Os port, Map<String, Object> properties) {
        os.bind(port, properties); // one for another kernel or processor is not bound (PortHandle logs it)
    }

    void unbindOs(Os port) {
        if (!deactivated) {
            os.unbind(port);
        }
    }

    @Deactivate
    void deactivate() {
        deactivated = true;
    }

    /** Whether the framework is stopping: ports leave then, and nothing waits for them. */
    private static boolean frameworkStopping() {
        Bundle self = FrameworkUtil.getBundle(VmComponent.class);
        BundleContext context = self == null ? null : self.getBundleContext();
        return context != null && context.getBundle(0).getState() == Bundle.STOPPING;
    }

    @Override
    public Outcome run(Program program, List<String> args, Console console, VmOptions options) {
        return vm.run(program, args, console, options);
    }

    @Override
    public String name() {
        return "korlang";
    }

    @Override
    public TaskCounts taskCounts() {
        return vm.taskCounts();
    }
}
