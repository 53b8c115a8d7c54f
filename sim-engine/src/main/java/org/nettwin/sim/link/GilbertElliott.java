package org.nettwin.sim.link;

/**
 * Two-state burst-loss model (Gilbert-Elliott, as in netem's "loss gemodel"). Each frame is lost with the
 * loss probability of the current state, then the state moves once: GOOD to BAD with {@code pGoodToBad},
 * BAD to GOOD with {@code pBadToGood}. A stay in BAD therefore lasts 1/pBadToGood frames on average, which
 * is the mean burst length when {@code lossInBad} is 1.
 */
public record GilbertElliott(double pGoodToBad, double pBadToGood, double lossInGood, double lossInBad) {
    public GilbertElliott {
        requireProbability("pGoodToBad", pGoodToBad);
        requireProbability("pBadToGood", pBadToGood);
        requireProbability("lossInGood", lossInGood);
        requireProbability("lossInBad", lossInBad);
    }

    /** The classic Gilbert model: nothing lost in GOOD, everything lost in BAD. */
    public static GilbertElliott gilbert(double pGoodToBad, double pBadToGood) {
        return new GilbertElliott(pGoodToBad, pBadToGood, 0.0, 1.0);
    }

    /** Mean number of consecutive frames spent in BAD per visit. */
    public double meanBadRunFrames() { return 1.0 / pBadToGood; }

    static void requireProbability(String name, double p) {
        if (!(p >= 0.0 && p <= 1.0)) throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
    }
}
