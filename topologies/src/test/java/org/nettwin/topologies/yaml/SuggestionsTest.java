package org.nettwin.topologies.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> LINK_KEYS = List.of("endpoints", "name", "delay", "jitter", "loss", "rate");

    @Test void swappedLettersAreOneEdit() {
        assertEquals(1, Suggestions.distance("dealy", "delay"));
        assertEquals(Optional.of("delay"), Suggestions.closest("dealy", LINK_KEYS));
    }

    @Test void missingOrExtraLetters() {
        assertEquals(Optional.of("jitter"), Suggestions.closest("jiter", LINK_KEYS));
        assertEquals(Optional.of("endpoints"), Suggestions.closest("endpoint", LINK_KEYS));
        assertEquals(Optional.of("rate"), Suggestions.closest("Rate", LINK_KEYS), "case is ignored");
    }

    @Test void unrelatedWordsGetNoSuggestion() {
        assertEquals(Optional.empty(), Suggestions.closest("colour", LINK_KEYS));
        assertEquals(Optional.empty(), Suggestions.closest("x", LINK_KEYS));
    }

    @Test void hintListsTheCandidates() {
        assertEquals("did you mean 'loss'? allowed keys: endpoints, name, delay, jitter, loss, rate",
                Suggestions.hint("los", LINK_KEYS, "allowed keys"));
        assertEquals("nodes: none", Suggestions.hint("r1", List.of(), "nodes"));
    }
}
