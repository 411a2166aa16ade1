package org.korlang.gc.spi;

import org.korlang.gc.CollectionKind;

/** What a plan's collection did: the kind it ran (a young collection may escalate) and bytes. */
public record CollectionOutcome(CollectionKind kind, long bytesBefore, long bytesAfter, long bytesPromoted) {
}
