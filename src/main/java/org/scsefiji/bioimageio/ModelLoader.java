package org.scsefiji.bioimageio;

import ai.djl.Device;
import java.nio.file.Path;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ModelFileException;
import org.scsefiji.model.ScseModel;

/** The one way a model is loaded for segmentation: a .scse model file, or a bioimage.io package (.zip or folder). */
public final class ModelLoader {
    private ModelLoader() {
    }

    public static ScseModel load(Path file, Device device) throws ModelFileException {
        return BioImageIoModel.isPackage(file) ? BioImageIoModel.load(file, device) : ModelFile.load(file, device);
    }
}
