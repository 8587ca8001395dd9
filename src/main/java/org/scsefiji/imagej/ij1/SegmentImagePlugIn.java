package org.scsefiji.imagej.ij1;

import ij.WindowManager;
import java.util.List;
import org.scsefiji.imagej.ImageSegmentation;
import org.scsefiji.imagej.Option;
import org.scsefiji.imagej.OptionValues;
import org.scsefiji.imagej.SegmentImageAction;

/** scSE Segment Image (ImageJ 1): the current image; shows the label image and the requested maps. */
public class SegmentImagePlugIn extends ScsePlugIn {
    public static final String COMMAND = "scSE Segment Image";

    @Override
    protected String command() {
        return COMMAND;
    }

    @Override
    protected List<Option> options() {
        return SegmentImageAction.OPTIONS;
    }

    @Override
    protected void run(OptionValues values) throws Exception {
        ImageSegmentation s = SegmentImageAction.run(values, WindowManager.getCurrentImage());
        if (values.bool("label_image")) s.labels().show();
        if (s.probabilities() != null) s.probabilities().show();
        if (s.attention() != null) s.attention().show();
    }
}
