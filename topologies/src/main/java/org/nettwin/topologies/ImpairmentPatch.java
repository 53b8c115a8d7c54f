package org.nettwin.topologies;

/**
 * Some fields of an {@link ImpairmentSpec}, null meaning "leave as is". A link's shared values and its
 * a-to-b / b-to-a overrides are patches applied in turn; a scenario's {@code impair} event is one too.
 * {@code burst} = {@link BurstLossSpec#NONE} switches burst loss off.
 */
public record ImpairmentPatch(Long delayNs, Long jitterNs, Double loss, BurstLossSpec burst, Long rateBps,
                              Integer queuePackets, Integer mtu) {
    public static final ImpairmentPatch EMPTY = new ImpairmentPatch(null, null, null, null, null, null, null);

    public boolean isEmpty() {
        return equals(EMPTY);
    }

    public ImpairmentSpec applyTo(ImpairmentSpec base) {
        BurstLossSpec b = burst == null ? base.burst() : burst.equals(BurstLossSpec.NONE) ? null : burst;
        return new ImpairmentSpec(
                delayNs != null ? delayNs : base.delayNs(),
                jitterNs != null ? jitterNs : base.jitterNs(),
                loss != null ? loss : base.loss(),
                b,
                rateBps != null ? rateBps : base.rateBps(),
                queuePackets != null ? queuePackets : base.queuePackets(),
                mtu != null ? mtu : base.mtu());
    }
}
