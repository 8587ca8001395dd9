package org.scsefiji.io.vol;

import java.time.Instant;
import java.time.LocalDate;
import org.scsefiji.io.VoxelSize;

/**
 * The file header of a Heidelberg .vol file (HSF-OCT-101 to -104). Lengths are in millimetres as stored.
 * Identifying fields ({@code patientId}, {@code birthDate}) are null unless asked for when reading.
 *
 * @param version the version string, e.g. "HSF-OCT-103" (eyepy-written files: "ep-v...")
 * @param sizeX A-scans per B-scan
 * @param numBScans B-scans in the volume
 * @param sizeZ pixels per A-scan (depth)
 * @param scaleX mm per pixel across a B-scan
 * @param distance mm between B-scans (0 for a single B-scan)
 * @param scaleZ mm per pixel in depth
 * @param scanPosition "OD" (right eye) or "OS" (left eye), as stored
 * @param examTime when the scan was taken, null if not stored
 * @param scanPattern 1 line, 2 circle, 3 volume, 4 fast volume, 5 radial; 0 or other values unknown
 * @param bScanHeaderSize bytes of each B-scan header (see {@link VolReader} for how it is chosen)
 */
public final class VolHeader {
    private final String version;
    private final int sizeX;
    private final int numBScans;
    private final int sizeZ;
    private final double scaleX;
    private final double distance;
    private final double scaleZ;
    private final int sloSizeX;
    private final int sloSizeY;
    private final double sloScaleX;
    private final double sloScaleY;
    private final int fieldSizeSlo;
    private final double scanFocus;
    private final String scanPosition;
    private final Instant examTime;
    private final int scanPattern;
    private final int bScanHeaderSize;
    private final String id;
    private final String referenceId;
    private final String patientId;
    private final LocalDate birthDate;

    public VolHeader(String version, int sizeX, int numBScans, int sizeZ, double scaleX, double distance, double scaleZ, int sloSizeX, int sloSizeY, double sloScaleX, double sloScaleY, int fieldSizeSlo, double scanFocus, String scanPosition, Instant examTime, int scanPattern, int bScanHeaderSize, String id, String referenceId, String patientId, LocalDate birthDate) {
        this.version = version;
        this.sizeX = sizeX;
        this.numBScans = numBScans;
        this.sizeZ = sizeZ;
        this.scaleX = scaleX;
        this.distance = distance;
        this.scaleZ = scaleZ;
        this.sloSizeX = sloSizeX;
        this.sloSizeY = sloSizeY;
        this.sloScaleX = sloScaleX;
        this.sloScaleY = sloScaleY;
        this.fieldSizeSlo = fieldSizeSlo;
        this.scanFocus = scanFocus;
        this.scanPosition = scanPosition;
        this.examTime = examTime;
        this.scanPattern = scanPattern;
        this.bScanHeaderSize = bScanHeaderSize;
        this.id = id;
        this.referenceId = referenceId;
        this.patientId = patientId;
        this.birthDate = birthDate;
    }

    public String version() {
        return version;
    }

    public int sizeX() {
        return sizeX;
    }

    public int numBScans() {
        return numBScans;
    }

    public int sizeZ() {
        return sizeZ;
    }

    public double scaleX() {
        return scaleX;
    }

    public double distance() {
        return distance;
    }

    public double scaleZ() {
        return scaleZ;
    }

    public int sloSizeX() {
        return sloSizeX;
    }

    public int sloSizeY() {
        return sloSizeY;
    }

    public double sloScaleX() {
        return sloScaleX;
    }

    public double sloScaleY() {
        return sloScaleY;
    }

    public int fieldSizeSlo() {
        return fieldSizeSlo;
    }

    public double scanFocus() {
        return scanFocus;
    }

    public String scanPosition() {
        return scanPosition;
    }

    public Instant examTime() {
        return examTime;
    }

    public int scanPattern() {
        return scanPattern;
    }

    public int bScanHeaderSize() {
        return bScanHeaderSize;
    }

    public String id() {
        return id;
    }

    public String referenceId() {
        return referenceId;
    }

    public String patientId() {
        return patientId;
    }

    public LocalDate birthDate() {
        return birthDate;
    }


    /** Circle (peripapillary) scans: one B-scan along a circle; B-scan start is a point on it, end its centre. */
    public static final int PATTERN_CIRCLE = 2;

    /** The pixel size in micrometres: across, in depth, between B-scans. */
    public VoxelSize voxelSize() {
        return new VoxelSize(scaleX * 1000, scaleZ * 1000, distance * 1000);
    }

    /** The scan pattern in words. */
    public String scanPatternName() {
        switch (scanPattern) {
            case 1: return "line";
            case 2: return "circle";
            case 3: return "volume";
            case 4: return "fast volume";
            case 5: return "radial";
            default: return "unknown (" + scanPattern + ")";
        }
    }

    /** The header as "key: value" lines for an image's info, without identifying fields unless they were read. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append("Heidelberg .vol version: ").append(version).append('\n');
        s.append("Eye (scan position): ").append(scanPosition).append('\n');
        s.append("Scan pattern: ").append(scanPatternName()).append('\n');
        if (examTime != null) s.append("Exam time (UTC): ").append(examTime).append('\n');
        s.append("B-scans: ").append(numBScans).append(" of ").append(sizeX).append(" x ").append(sizeZ).append(" pixels\n");
        s.append("Scale X (um/pixel): ").append(scaleX * 1000).append('\n');
        s.append("Scale Z (um/pixel): ").append(scaleZ * 1000).append('\n');
        s.append("B-scan distance (um): ").append(distance * 1000).append('\n');
        s.append("SLO: ").append(sloSizeX).append(" x ").append(sloSizeY).append(" pixels, ").append(sloScaleX * 1000)
                .append(" x ").append(sloScaleY * 1000).append(" um/pixel, field ").append(fieldSizeSlo).append(" deg\n");
        s.append("Scan focus (dpt): ").append(scanFocus).append('\n');
        if (patientId != null) s.append("Patient ID: ").append(patientId).append('\n');
        if (birthDate != null) s.append("Date of birth: ").append(birthDate).append('\n');
        return s.toString();
    }
}
