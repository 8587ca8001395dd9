package org.scsefiji.spark;

import java.io.Serializable;

/** What became of one input file in a Spark run: one row of the driver's summary.csv. */
final class FileOutcome implements Serializable {
    private static final long serialVersionUID = 1L;

    enum Status {
        WRITTEN, SKIPPED, FAILED;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    final String file;
    final Status status;
    final double seconds;
    /** What went wrong (failed), why it was left (skipped), or empty. */
    final String error;
    /** With instances: the objects found and their mean area (calibrated), as the CLI's summary.csv has them; else -1 and NaN. */
    final long count;
    final double meanArea;

    private FileOutcome(String file, Status status, double seconds, String error, long count, double meanArea) {
        this.file = file;
        this.status = status;
        this.seconds = seconds;
        this.error = error;
        this.count = count;
        this.meanArea = meanArea;
    }

    static FileOutcome written(String file, double seconds, long count, double meanArea) {
        return new FileOutcome(file, Status.WRITTEN, seconds, "", count, meanArea);
    }

    static FileOutcome skipped(String file, String why) {
        return new FileOutcome(file, Status.SKIPPED, 0, why, -1, Double.NaN);
    }

    static FileOutcome failed(String file, double seconds, String problem) {
        return new FileOutcome(file, Status.FAILED, seconds, problem, -1, Double.NaN);
    }

    @Override
    public String toString() {
        return file + ": " + status.word() + (error.isEmpty() ? "" : " (" + error + ")");
    }
}
