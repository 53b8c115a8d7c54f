package org.nettwin.topologies;

/**
 * Gilbert–Elliott burst loss, the two-state model of netem's {@code loss gemodel p r 1-h 1-k}: per packet the
 * channel moves good→bad with {@code pGoodToBad} and bad→good with {@code pBadToGood}, and drops a packet
 * with {@code lossInGood} or {@code lossInBad} depending on the state. All four are fractions in [0, 1].
 */
public record BurstLossSpec(double pGoodToBad, double pBadToGood, double lossInGood, double lossInBad) {
    /** Written {@code burst-loss: none}: never leaves the good state, loses nothing; a patch uses it to switch bursts off. */
    public static final BurstLossSpec NONE = new BurstLossSpec(0, 1, 0, 0);

    public BurstLossSpec {
        for (double p : new double[] {pGoodToBad, pBadToGood, lossInGood, lossInBad}) {
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("burst-loss probability out of [0, 1]: " + p);
        }
    }
}
