package org.scsefiji.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.scsefiji.io.AtomicFiles;
import org.scsefiji.io.vol.VolFormatException;
import org.scsefiji.io.vol.VolPixels;
import org.scsefiji.io.vol.VolReader;

/**
 * Reading images and writing TIFFs, headless-safe (IJ.openImage and FileSaver, never IJ.open or
 * IJ.saveAs, which need ImageJ's menus). Every error names the file.
 */
public final class ImageFiles {
    private ImageFiles() {
    }

    /**
     * Opens an image with ImageJ (in Fiji also the formats its plugins add); Heidelberg {@code .vol} files with
     * the project's own reader (8-bit B-scans as Heyex shows them, calibrated in um).
     */
    public static ImagePlus read(Path file) throws ImageFileException {
        Path path = file.toAbsolutePath().normalize();
        if (!Files.exists(path)) throw new ImageFileException(path, "image file not found");
        if (Files.isDirectory(path)) throw new ImageFileException(path, "is a folder, not an image file");
        if (!Files.isReadable(path)) throw new ImageFileException(path, "cannot be read: permission denied");
        try {
            if (Files.size(path) == 0) throw new ImageFileException(path, "the file is empty (0 bytes)");
        } catch (IOException e) {
            throw new ImageFileException(path, "cannot be read (" + e.getMessage() + ")", e);
        }
        if (VolReader.isVolFile(path)) return readVol(path);
        int type = new Opener().getFileType(path.toString());
        String notImage = nonImageKind(type);
        if (notImage != null) throw new ImageFileException(path, "is " + notImage + ", not an image");
        if (type == Opener.TIFF || type == Opener.TIFF_AND_DICOM) TiffIntegrity.check(path);
        ImagePlus imp;
        boolean redirecting = IJ.redirectingErrorMessages();
        try {
            IJ.redirectErrorMessages(true); // in the GUI a reader's error goes to the Log, not a dialog that blocks a batch
            imp = IJ.openImage(path.toString());
        } catch (RuntimeException e) {
            throw new ImageFileException(path, "cannot be read as an image (" + e + ")", e);
        } finally {
            IJ.redirectErrorMessages(redirecting); // the flag is global and only an error would reset it
        }
        if (imp == null || imp.getWidth() == 0 || imp.getHeight() == 0) {
            throw new ImageFileException(path, "is not an image ImageJ can read (supported: TIFF, PNG, JPEG, GIF, BMP, DICOM, FITS, PGM;"
                + " open other formats with Bio-Formats in Fiji and save them as TIFF)");
        }
        return imp;
    }

    /** Heidelberg .vol B-scans, 8-bit as Heyex shows them (what the OCT model was trained on), calibrated in um. */
    private static ImagePlus readVol(Path path) throws ImageFileException {
        try {
            return VolImages.bScans(VolReader.read(path, VolPixels.DISPLAY_8BIT));
        } catch (VolFormatException e) {
            throw new ImageFileException(path, e.problem(), e);
        } catch (IOException e) {
            throw new ImageFileException(path, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Writes {@code imp} as a TIFF (stacks, LUT, overlay, calibration, properties and slice labels included)
     * to a temporary file in the target folder, then renames it, so {@code out} is never left half-written.
     * Refuses to write over any of {@code protectedInputs} (the images a run reads), even via another path.
     * Creates the target folder when missing. The ImagePlus's title and unsaved-changes flag are left as they were.
     */
    public static void writeTiff(ImagePlus imp, Path out, Set<Path> protectedInputs) throws ImageFileException {
        Path target = out.toAbsolutePath().normalize();
        for (Path input : protectedInputs) {
            if (sameFile(target, input)) {
                throw new ImageFileException(target, "refusing to overwrite an input image; choose another output folder or file name");
            }
        }
        if (Files.isDirectory(target)) throw new ImageFileException(target, "is a folder; give a file name for the TIFF");
        Path folder = target.getParent();
        Path temp = AtomicFiles.temporarySibling(target);
        boolean changes = imp.changes;
        String title = imp.getTitle();
        try {
            Files.createDirectories(folder);
            if (!new FileSaver(imp).saveAsTiff(temp.toString())) {
                throw new ImageFileException(target, "could not be written (ImageJ's TIFF writer failed; a virtual stack must be duplicated first)");
            }
            AtomicFiles.moveIntoPlace(temp, target);
        } catch (IOException e) {
            if (e instanceof ImageFileException) throw (ImageFileException) e;
            throw new ImageFileException(target, "could not be written (" + e.getMessage() + ")", e);
        } finally {
            imp.changes = changes;
            imp.setTitle(title);
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the temporary name is hidden and unique; a leftover harms nothing
            }
        }
    }

    private static boolean sameFile(Path target, Path input) {
        Path in = input.toAbsolutePath().normalize();
        if (in.equals(target)) return true;
        try {
            return Files.exists(target) && Files.exists(in) && Files.isSameFile(target, in);
        } catch (IOException e) {
            return false;
        }
    }

    private static String nonImageKind(int openerType) {
        switch (openerType) {
            case Opener.TEXT:
            case Opener.JAVA_OR_TEXT:
                return "a text file";
            case Opener.TABLE:
                return "a table";
            case Opener.ROI:
                return "an ImageJ ROI file";
            case Opener.LUT:
                return "a lookup table (LUT) file";
            default:
                return null;
        }
    }
}
