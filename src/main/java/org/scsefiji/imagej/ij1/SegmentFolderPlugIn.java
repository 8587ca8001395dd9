package org.scsefiji.imagej.ij1;

import java.util.List;
import org.scsefiji.imagej.Option;
import org.scsefiji.imagej.OptionValues;
import org.scsefiji.imagej.SegmentFolderAction;

/** scSE Segment Folder (ImageJ 1): every image of a folder into label TIFFs. */
public class SegmentFolderPlugIn extends ScsePlugIn {
    public static final String COMMAND = "scSE Segment Folder";

    @Override
    protected String command() {
        return COMMAND;
    }

    @Override
    protected List<Option> options() {
        return SegmentFolderAction.OPTIONS;
    }

    @Override
    protected void run(OptionValues values) throws Exception {
        SegmentFolderAction.run(values);
    }
}
