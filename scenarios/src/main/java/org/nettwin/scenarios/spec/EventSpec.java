package org.nettwin.scenarios.spec;

import org.nettwin.topologies.SourcePos;

/** A scenario action at virtual time {@code atNs}, within [0, duration]. */
public record EventSpec(long atNs, ScenarioAction action, SourcePos pos) {}
