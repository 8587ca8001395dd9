package org.scsefiji.train.data;

import java.nio.file.Path;

/** An image file and the label image that annotates it; {@code name} is the image's file name without extension. */
public final class ImagePair {
    private final String name;
    private final Path image;
    private final Path labels;

    public ImagePair(String name, Path image, Path labels) {
        this.name = name;
        this.image = image;
        this.labels = labels;
    }

    public String name() {
        return name;
    }

    public Path image() {
        return image;
    }

    public Path labels() {
        return labels;
    }

    @Override
    public String toString() {
        return image.getFileName() + " <-> " + labels.getFileName();
    }
}
