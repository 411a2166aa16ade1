package org.korlang.gc.internal.core;

import java.util.HashMap;
import java.util.Map;

import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;

/**
 * Registers types and publishes immutable {@link TypeTable} snapshots (copy-on-write under this
 * object's lock, published through a volatile field). Ids are dense, from
 * {@link org.korlang.gc.spi.ObjectHeader#FIRST_USER_TYPE}; a name is registered once (registering the
 * same layout again returns the same id, a different layout under the same name is an error).
 */
public final class TypeRegistry {

    /** Ids above this would not leave room in the 32-bit header field for future use. */
    static final int MAX_TYPES = 1 << 24;

    private final Map<String, TypeId> byName = new HashMap<>();
    private volatile TypeTable table;

    public TypeRegistry(Arena memory) {
        this.table = new TypeTable(memory);
    }

    public TypeTable table() {
        return table;
    }

    public synchronized TypeId register(TypeLayout layout) {
        TypeId existing = byName.get(layout.name());
        if (existing != null) {
            if (!existing.layout().equals(layout)) {
                throw new IllegalArgumentException("type " + layout.name() + " is already registered with layout "
                        + existing.layout() + ", not " + layout);
            }
            return existing;
        }
        TypeTable t = table;
        if (t.count() >= MAX_TYPES) {
            throw new IllegalStateException("too many types (" + MAX_TYPES + ")");
        }
        TypeId id = new TypeId(this, t.count(), layout, TypeTable.fixedSizeOf(layout), TypeTable.headerFor(t.count(), layout));
        table = t.with(id);
        byName.put(layout.name(), id);
        return id;
    }

    public synchronized TypeId byName(String name) {
        TypeId id = byName.get(name);
        if (id == null) {
            throw new IllegalArgumentException("no type named " + name + " is registered");
        }
        return id;
    }

    public int count() {
        return table.count() - org.korlang.gc.spi.ObjectHeader.FIRST_USER_TYPE;
    }
}
