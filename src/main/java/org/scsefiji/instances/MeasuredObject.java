package org.scsefiji.instances;

/**
 * One object and its measurements, in pixels (calibrated values via {@link org.scsefiji.io.PixelCalibration}): what a
 * results-table row and an ROI need. Intensities are of the segmented image (its first channel).
 */
public final class MeasuredObject {
    final int plane;
    final int label;
    final long area;
    final double mean;
    final double min;
    final double max;
    final double centroidX;
    final double centroidY;
    final int boxX;
    final int boxY;
    final int boxWidth;
    final int boxHeight;
    final ObjectOutline outline;

    MeasuredObject(int plane, int label, long area, double mean, double min, double max, double centroidX, double centroidY, int boxX,
            int boxY, int boxWidth, int boxHeight, ObjectOutline outline) {
        this.plane = plane;
        this.label = label;
        this.area = area;
        this.mean = mean;
        this.min = min;
        this.max = max;
        this.centroidX = centroidX;
        this.centroidY = centroidY;
        this.boxX = boxX;
        this.boxY = boxY;
        this.boxWidth = boxWidth;
        this.boxHeight = boxHeight;
        this.outline = outline;
    }

    /** The 2-D plane (slice) of the image the object lies in, from 0. */
    public int plane() {
        return plane;
    }

    /** The object's id in the instance image of its plane (1..N). */
    public int label() {
        return label;
    }

    /** Area in pixels. */
    public long area() {
        return area;
    }

    public double mean() {
        return mean;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** Centroid x in pixels: the mean of the pixel centres (x + 0.5), as ImageJ measures it. */
    public double centroidX() {
        return centroidX;
    }

    public double centroidY() {
        return centroidY;
    }

    public int boxX() {
        return boxX;
    }

    public int boxY() {
        return boxY;
    }

    public int boxWidth() {
        return boxWidth;
    }

    public int boxHeight() {
        return boxHeight;
    }

    /** The outline polygon (pixel corners), for an ROI. */
    public ObjectOutline outline() {
        return outline;
    }

    /** Perimeter in pixels, as ImageJ measures a traced ROI. */
    public double perimeter() {
        return outline.perimeter();
    }

    /** 4 pi area / perimeter^2, at most 1 (as ImageJ caps it): 1 for a disc, lower for elongated or ragged shapes. */
    public double circularity() {
        double p = perimeter();
        return p == 0 ? 0 : Math.min(1, 4 * Math.PI * area / (p * p));
    }
}
