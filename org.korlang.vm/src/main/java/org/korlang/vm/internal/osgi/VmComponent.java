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

/** The {@link Vm} service over the platform's {@link Heap} service, its stdlib over the {@code Os} service. */
@Component(service = Vm.class)
public final class VmComponent implements Vm {

    private final KorlangVm vm;

    @Activate
    public VmComponent(@Reference Heap heap, @Reference org.korlang.os.Os os) {
        this.vm = new KorlangVm(heap, os);
    }

    @Override
    public Outcome run(Program program, List<String> args, Console console, VmOptions options) {
        return vm.run(program, args, console, options);
    }
}
