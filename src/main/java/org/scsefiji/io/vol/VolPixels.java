package org.scsefiji.io.vol;

/** How the B-scan pixels of a .vol file are returned. */
public enum VolPixels {
    /**
     * The stored reflectivity as 32-bit floats (about 0 to 1 for Heyex exports); invalid pixels (the marker
     * 0x7F7FFFFF, or not finite) become NaN, which statistics and network normalisation leave out.
     */
    RAW,
    /**
     * 8-bit as Heyex displays it: round(255 * v^0.25), clipped to 0..255; invalid and negative pixels become
     * 0. What the shipped OCT model was trained on (Spectralis B-scans as 8-bit images).
     */
    DISPLAY_8BIT,
    /** No pixels: only the headers, the SLO image and the boundaries (fast, for measuring). */
    NONE;
}
