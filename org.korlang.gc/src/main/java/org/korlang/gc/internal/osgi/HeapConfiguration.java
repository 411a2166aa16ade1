package org.korlang.gc.internal.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Metatype of the heap's ConfigAdmin configuration (PID {@code org.korlang.gc}). */
@ObjectClassDefinition(id = HeapComponent.PID, name = "Korlang managed heap",
        description = "Limits, generation sizes, collector threads and debugging aids of the managed heap")
public @interface HeapConfiguration {

    @AttributeDefinition(name = "Heap limit (MiB)", description = "Old generation plus large objects; reaching it after "
            + "a full collection gives HeapExhaustedException", min = "1")
    long heapLimitMiB() default 256;

    @AttributeDefinition(name = "Nursery (MiB)", description = "Eden size of the young generation", min = "1")
    long nurseryMiB() default 32;

    @AttributeDefinition(name = "Survivor space (KiB)", description = "Each of the two survivor spaces; 0 = nursery/8")
    long survivorKiB() default 0;

    @AttributeDefinition(name = "Tenuring threshold", description = "Minor collections survived before promotion",
            min = "1", max = "15")
    int tenuringThreshold() default 3;

    @AttributeDefinition(name = "Large object threshold (bytes)", min = "256", max = "8192")
    long largeObjectBytes() default 8192;

    @AttributeDefinition(name = "GC threads", description = "Threads marking and evacuating in parallel", min = "1")
    int gcThreads() default 2;

    @AttributeDefinition(name = "Verify", description = "Run the heap verifier before and after every collection and "
            + "detect raw references kept across a collection (slow)")
    boolean verify() default false;

    @AttributeDefinition(name = "GC stress: collect every N allocations", description = "0 = off", min = "0")
    int stressEvery() default 0;

    @AttributeDefinition(name = "Policy", description = "gc.policy name of the GcPolicy service to use")
    String policy() default "generational";
}
