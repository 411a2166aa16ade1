package org.korlang.vm;

import java.util.List;

import org.korlang.lang.bytecode.Program;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Korlang VM as a service: runs compiled programs on the platform's heap (whatever GC policy is
 * active, surviving live switches). Each call runs on the calling thread, which is attached to the
 * heap for the run. Outside OSGi, {@link KorlangVm} is the same thing over a heap of your own.
 */
@ProviderType
public interface Vm {

    /** Runs {@code program} with {@code args}; see {@link KorlangVm#run}. */
    Outcome run(Program program, List<String> args, Console console, VmOptions options);
}
