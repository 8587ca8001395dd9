package org.scsefiji.imagej;

import ij.io.FileInfo;
import ij.io.TiffDecoder;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Checks a TIFF before ImageJ reads it. ImageJ 1.54p silently returns black pixels for image data past
 * the end of the file, and loops forever on a Deflate strip that ends early (ImageReader.zipUncompress
 * waits for input that never comes), so a truncated download would hang a batch run.
 */
final class TiffIntegrity {
    private TiffIntegrity() {
    }

    static void check(Path file) throws ImageFileException {
        FileInfo[] images;
        try {
            images = new TiffDecoder(file.getParent() + File.separator, file.getFileName().toString()).getTiffInfo();
        } catch (IOException | RuntimeException e) {
            throw new ImageFileException(file, "the TIFF header is damaged (" + e.getMessage() + "); the file cannot be read", e);
        }
        if (images == null || images.length == 0) throw new ImageFileException(file, "the TIFF file holds no image");
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            for (FileInfo fi : images) checkImage(file, channel, size, fi);
        } catch (IOException e) {
            if (e instanceof ImageFileException) throw (ImageFileException) e;
            throw new ImageFileException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static void checkImage(Path file, FileChannel channel, long size, FileInfo fi) throws IOException {
        boolean deflate = fi.compression == FileInfo.ZIP || fi.compression == FileInfo.ZIP_WITH_DIFFERENCING;
        if (fi.stripOffsets != null && fi.stripLengths != null && fi.stripOffsets.length == fi.stripLengths.length) {
            for (int s = 0; s < fi.stripOffsets.length; s++) {
                long offset = fi.stripOffsets[s] & 0xffffffffL, length = fi.stripLengths[s] & 0xffffffffL;
                if (offset + length > size) throw truncated(file, offset + length, size);
                if (deflate) checkDeflate(file, channel, offset, (int) length);
            }
        }
        // ImageJ's own stacks list only the first image's strips; the others follow it contiguously.
        long bytesPerImage = bytesPerImage(fi);
        if (fi.nImages > 1 && fi.compression <= FileInfo.COMPRESSION_NONE && bytesPerImage > 0) {
            long end = fi.getOffset() + fi.nImages * bytesPerImage + (fi.nImages - 1) * fi.getGap();
            if (end > size) throw truncated(file, end, size);
        }
    }

    /** Uncompressed bytes of one image for the common types; 0 when unsure (then only strips are checked). */
    private static long bytesPerImage(FileInfo fi) {
        switch (fi.fileType) {
            case FileInfo.GRAY8:
            case FileInfo.COLOR8:
            case FileInfo.GRAY16_SIGNED:
            case FileInfo.GRAY16_UNSIGNED:
            case FileInfo.GRAY32_INT:
            case FileInfo.GRAY32_UNSIGNED:
            case FileInfo.GRAY32_FLOAT:
            case FileInfo.RGB:
                return (long) fi.width * fi.height * fi.getBytesPerPixel();
            default:
                return 0;
        }
    }

    private static void checkDeflate(Path file, FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer strip = ByteBuffer.allocate(length);
        while (strip.hasRemaining() && channel.read(strip, offset + strip.position()) > 0) {
            // read fully
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(strip.array(), 0, strip.position());
            byte[] out = new byte[65536];
            while (!inflater.finished()) {
                if (inflater.inflate(out) == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new ImageFileException(file, "the compressed image data ends early; the file is damaged or was not copied completely");
                }
            }
        } catch (DataFormatException e) {
            throw new ImageFileException(file, "the compressed image data is damaged (" + e.getMessage() + ")", e);
        } finally {
            inflater.end();
        }
    }

    private static ImageFileException truncated(Path file, long needed, long size) {
        return new ImageFileException(file, "the file is cut short: its image data needs " + needed + " bytes but the file has "
            + size + "; it is damaged or was not copied completely");
    }
}
