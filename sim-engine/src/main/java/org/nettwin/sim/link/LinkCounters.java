package org.nettwin.sim.link;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.nettwin.protocols.trace.DropReason;

/**
 * A snapshot of what one direction (or both, summed) of a link did. {@code txFrames}/{@code txBytes} count
 * frames that were put on the wire (traced FrameSent, captured); drops include those refused before that.
 */
public record LinkCounters(long txFrames, long txBytes, long deliveredFrames, Map<DropReason, Long> drops) {
    public LinkCounters {
        EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class);
        drops.forEach((reason, count) -> { if (count != 0) copy.put(reason, count); });
        drops = Collections.unmodifiableMap(copy);
    }

    public long dropped(DropReason reason) { return drops.getOrDefault(reason, 0L); }

    public long droppedTotal() {
        long total = 0;
        for (long n : drops.values()) total += n;
        return total;
    }

    public LinkCounters plus(LinkCounters other) {
        EnumMap<DropReason, Long> sum = new EnumMap<>(DropReason.class);
        sum.putAll(drops);
        other.drops.forEach((reason, count) -> sum.merge(reason, count, Long::sum));
        return new LinkCounters(txFrames + other.txFrames, txBytes + other.txBytes,
                deliveredFrames + other.deliveredFrames, sum);
    }
}
