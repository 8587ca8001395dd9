package org.scsefiji.io;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;

/**
 * The spatial calibration of a TIFF as ImageJ reads it ({@code ij.io.TiffDecoder} and {@code FileOpener} 1.54p):
 * the pixel size from XResolution and YResolution, the unit from ResolutionUnit (inch, cm) unless an ImageJ
 * image description names one ({@code unit=}, which ImageJ writes for every other unit), the slice spacing from
 * the description's {@code spacing=}. Kept in step with ImageJ so a file gives the same calibration from the
 * command line and in Fiji.
 */
final class TiffCalibration {
    private static final int RESOLUTION_NONE = 1;
    private static final int RESOLUTION_INCH = 2;
    private static final int RESOLUTION_CM = 3;

    private TiffCalibration() {
    }

    /** The calibration in the first page's metadata; {@link PixelCalibration#NONE} when there is none. */
    static PixelCalibration of(IIOMetadata metadata) {
        TIFFDirectory dir;
        try {
            dir = TIFFDirectory.createFromMetadata(metadata);
        } catch (Exception e) {
            return PixelCalibration.NONE; // not TIFF metadata
        }
        double width = 1;
        double height = 1;
        double depth = 1;
        String unit = null;
        double x = rational(dir.getTIFFField(BaselineTIFFTagSet.TAG_X_RESOLUTION));
        double y = rational(dir.getTIFFField(BaselineTIFFTagSet.TAG_Y_RESOLUTION));
        if (x != 0) width = 1 / x;
        if (y != 0) height = 1 / y;
        TIFFField resolutionUnit = dir.getTIFFField(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT);
        if (resolutionUnit != null) {
            int u = resolutionUnit.getAsInt(0);
            if (u == RESOLUTION_NONE) unit = " ";
            else if (u == RESOLUTION_INCH) {
                if (width == 1.0 / 72.0) { // the 72 dpi that many programs write means nothing: ImageJ ignores it
                    width = 1;
                    height = 1;
                } else {
                    unit = "inch";
                }
            } else if (u == RESOLUTION_CM) unit = "cm";
        }
        Properties description = imageJDescription(dir.getTIFFField(BaselineTIFFTagSet.TAG_IMAGE_DESCRIPTION));
        if (description != null) {
            String described = description.getProperty("unit", "");
            if ("cm".equals(unit) && "um".equals(described)) {
                width *= 10000;
                height *= 10000;
            }
            unit = described;
            String spacing = description.getProperty("spacing");
            if (spacing != null) {
                try {
                    depth = Math.abs(Double.parseDouble(spacing));
                } catch (NumberFormatException ignored) {
                    // ImageJ ignores a spacing it cannot read too
                }
            }
        }
        if (!(width > 0) || unit == null) return PixelCalibration.NONE;
        return new PixelCalibration(width, height, depth, unit);
    }

    private static double rational(TIFFField f) {
        if (f == null || f.getCount() < 1) return 0;
        long[] r = f.getAsRational(0);
        return r[1] == 0 ? 0 : (double) r[0] / r[1];
    }

    /** The key=value lines of a description written by ImageJ ("ImageJ=..." first), with ImageJ's \\u escapes decoded. */
    private static Properties imageJDescription(TIFFField f) {
        if (f == null || f.getCount() < 1) return null;
        String text = f.getAsString(0);
        if (text == null || text.length() < 7 || !text.startsWith("ImageJ")) return null;
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return p;
    }
}
