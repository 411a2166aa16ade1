/**
 * The service-provider interface between the heap and its collection policies.
 *
 * <p>The heap ({@code org.korlang.gc.Heap}) owns native memory ({@link org.korlang.gc.spi.HeapMemory}),
 * the object model and type registry ({@link org.korlang.gc.spi.ObjectModel},
 * {@link org.korlang.gc.spi.ObjectHeader}), handles ({@link org.korlang.gc.spi.Roots}), the remembered set
 * fed by the mutators' write barrier ({@link org.korlang.gc.spi.RememberedSet}) and the mutator registry
 * with its safepoints. A {@link org.korlang.gc.spi.GcPolicy} (a DS service with property
 * {@code gc.policy}, from any bundle) creates a {@link org.korlang.gc.spi.GcPlan} for one heap; the plan
 * owns spaces, allocation and collection. Because the plan holds no handle, type or mutator state of
 * its own, a heap can carry its live objects from one plan into another (policy switch).
 *
 * <p>2.0 (incompatible for plans): a plan must record the start of every object its collector
 * creates and forget the starts of the objects it frees ({@link org.korlang.gc.spi.HeapMemory}, "Object
 * starts"); the mutators' accessors accept references only at recorded starts.
 *
 * <p>2.1: a plan declares what it offers its successor ({@link org.korlang.gc.spi.GcPlan#capability});
 * nothing finds a plan's capabilities by testing its class. A policy declares the address space its
 * plans need ({@link org.korlang.gc.spi.GcPolicy#windowBytes}); a switch to a policy whose
 * declaration exceeds what the heap reserved is refused
 * ({@link org.korlang.gc.spi.PlanWindowExceededException}).
 *
 * <p>2.2: {@link org.korlang.gc.spi.HeapMemory#pageSize} (the shared spaces of
 * {@code org.korlang.gc.spi.space}, which policy bundles may build, round to it).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.2.0")
package org.korlang.gc.spi;
