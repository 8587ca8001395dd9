package org.scsefiji.nn;

import java.util.EnumSet;
import java.util.Set;

/** Where SE blocks go in an encoder-decoder network (TMI II-D). */
public enum Placement {
    /** After every encoder block. */
    P1,
    /** After every decoder block. */
    P2,
    /** After the bottleneck. */
    P3,
    /** After the classifier block. */
    P4,
    /** P1 + P2, the paper's default. */
    P5,
    /** P1 + P2 + P3 + P4. */
    P6;

    public String key() {
        return name();
    }

    /** The elementary sites (P1-P4) this placement stands for. */
    public Set<Placement> sites() {
        switch (this) {
            case P5: return EnumSet.of(P1, P2);
            case P6: return EnumSet.of(P1, P2, P3, P4);
            default: return EnumSet.of(this);
        }
    }

    /** The union of the elementary sites of several placements, e.g. "P1,P3". */
    public static Set<Placement> sites(Iterable<Placement> placements) {
        Set<Placement> all = EnumSet.noneOf(Placement.class);
        for (Placement p : placements) all.addAll(p.sites());
        return all;
    }

    public static Placement parse(String text) {
        return Choices.parse(Placement.class, text, "position");
    }
}
