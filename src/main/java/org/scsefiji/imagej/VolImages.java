package org.scsefiji.imagej;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import net.imglib2.img.planar.PlanarImg;
import org.scsefiji.io.VoxelSize;
import org.scsefiji.io.vol.VolFile;
import org.scsefiji.io.vol.VolHeader;

/** Heidelberg .vol contents as ImageJ images (the pixel arrays are shared, not copied). */
public final class VolImages {
    private VolImages() {
    }

    /**
     * The B-scans as a calibrated stack titled after the file: one slice per B-scan ("B-scan i"), pixel width and
     * height in um, the B-scan distance as the voxel depth, the header (without identifying fields unless they
     * were read) as the image info.
     */
    public static ImagePlus bScans(VolFile vol) {
        if (!(vol.pixels() instanceof PlanarImg)) throw new IllegalArgumentException(vol.file() + ": the B-scan pixels were not read");
        PlanarImg<?, ?> img = (PlanarImg<?, ?>) vol.pixels();
        VolHeader h = vol.header();
        ImageStack stack = new ImageStack(h.sizeX(), h.sizeZ());
        for (int b = 0; b < h.numBScans(); b++) {
            Object plane = ((net.imglib2.img.basictypeaccess.array.ArrayDataAccess<?>) img.getPlane(b)).getCurrentStorageArray();
            stack.addSlice("B-scan " + (b + 1), plane);
        }
        ImagePlus imp = new ImagePlus(vol.file().getFileName().toString(), stack);
        imp.setCalibration(calibration(h.voxelSize()));
        imp.setProperty("Info", h.describe());
        if (imp.getBitDepth() == 32) imp.setDisplayRange(0, 1);
        return imp;
    }

    /** ImageJ's calibration for a voxel size in um; a zero B-scan distance (one B-scan) leaves the depth at 1 um. */
    public static Calibration calibration(VoxelSize size) {
        Calibration cal = new Calibration();
        cal.setUnit("um");
        cal.pixelWidth = size.width();
        cal.pixelHeight = size.height();
        cal.pixelDepth = size.depth() > 0 ? size.depth() : 1;
        return cal;
    }
}
