package org.korlang.vm.internal.osgi;

import java.util.List;

import org.korlang.gc.Heap;
import org.korlang.lang.bytecode.Program;
import org.korlang.vm.Console;
import org.korlang.vm.KorlangVm;
import org.korlang.vm.Outcome;
import org.korlang.vm.Vm;
import org.korlang.vm.VmOptions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.TaskCountSource;
import org.korlang.scheduler.TaskCounts;

/**
 * The {@link Vm} service over the platform's {@link Heap} service, its stdlib over the {@code Os}
 * service; a program's tasks (#12) run on the platform's {@link Scheduler} service when there is one
 * (so {@code sched:policy} swaps it under a running program), else on a standalone scheduler per run.
 * It is also the {@link TaskCountSource} "korlang": the Korlang task counts of every program it runs,
 * which {@code sched:stats} and the observe console show.
 */
@Component(service = {Vm.class, TaskCountSource.class})
public final class VmComponent implements Vm, TaskCountSource {

    private final KorlangVm vm;

    @Activate
    public VmComponent(@Reference Heap heap, @Reference org.korlang.os.Os os,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) Scheduler scheduler) {
        this.vm = new KorlangVm(heap, scheduler, os);
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
