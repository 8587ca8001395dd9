package org.scsefiji.measure;

import java.util.Locale;

/** Which eye: it decides which side of the ETDRS grid is nasal. */
public enum Eye {
    /** Right eye: on the fundus (SLO) image, as the examiner sees it, nasal is to the right. */
    OD,
    /** Left eye: nasal is to the left. */
    OS,
    /** Not known: sectors are named as for a right eye, and results say so. */
    UNKNOWN;

    /** "OD"/"OS" (any case, also "right"/"left"); anything else is UNKNOWN. */
    public static Eye parse(String s) {
        String t = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
        if (t.equals("OD") || t.equals("RIGHT")) return OD;
        if (t.equals("OS") || t.equals("LEFT")) return OS;
        return UNKNOWN;
    }

    /** True when nasal is towards +x on the SLO image (OD, and UNKNOWN as assumed OD). */
    boolean nasalIsRight() {
        return this != OS;
    }
}
