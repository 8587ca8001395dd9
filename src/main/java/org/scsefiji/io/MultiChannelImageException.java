package org.scsefiji.io;

import java.io.IOException;

/** The file holds a colour (RGB) or multi-channel image where one grayscale channel is expected. */
public class MultiChannelImageException extends IOException {
    private final int channels;

    public MultiChannelImageException(int channels) {
        super("is a colour or multi-channel image (" + channels + " channels)");
        this.channels = channels;
    }

    public int channels() {
        return channels;
    }
}
