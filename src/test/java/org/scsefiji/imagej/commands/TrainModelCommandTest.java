package org.scsefiji.imagej.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.imagej.InstalledModels;
import org.scsefiji.imagej.TestFixtures;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.Provenance;
import org.scsefiji.nn.Architecture;
import org.scsefiji.train.TrainingResult;

class TrainModelCommandTest {
    @RegisterExtension
    static final FijiCommands fiji = new FijiCommands();
    @TempDir
    static Path dir;
    private static Path images;
    private static Path labels;

    @BeforeAll
    static void start() throws Exception {
        images = dir.resolve("images");
        labels = dir.resolve("labels");
        TestFixtures.writePairs(images, labels, 4, 32, 32, 10);
    }

    @Test
    void recordedLineTrainsAnInstalledModel() throws Exception {
        TrainModelCommand cmd = fiji.run(TrainModelCommand.class, "input_directory=[" + images + "] labels_directory=["
                + labels + "] save_as=[my cells] architecture=unet se_block=scse aggregation=max positions=P5 reduction=2 features=8"
                + " classes=0 class_names=[background,cell] epochs=2 batch_size=2 learning_rate=0.01 validation_fraction=0.25 device=cpu"
                + " overwrite=false training_options=[patch_width=32 patch_height=32 seed=7]", null);
        assertNull(cmd.failure());
        TrainingResult r = cmd.result;
        assertEquals(TrainingResult.Stop.FINISHED, r.stop());
        assertEquals(InstalledModels.folder().resolve("my cells.scse"), r.model());
        assertTrue(InstalledModels.names().contains("my cells"));
        ModelFile.Info info = ModelFile.readInfo(r.model());
        assertEquals(Architecture.UNET, info.spec().architecture());
        assertEquals(8, info.spec().features());
        assertEquals(List.of("background", "cell"), info.spec().classes().stream().map(ClassInfo::name).collect(Collectors.toList()));
        String recipe = info.provenance().get(Provenance.RECIPE);
        assertNotNull(recipe);
        assertTrue(recipe.startsWith("run(\"Train Model\", \"input_directory=" + images + " labels_directory="), recipe);
        assertTrue(recipe.endsWith(" device=cpu overwrite=false training_options=[patch_width=32 patch_height=32 seed=7]\");"), recipe);
        assertTrue(recipe.contains("save_as=[my cells]"), recipe);
        assertEquals(3, r.history().size(), "epoch 0 (before training) and 2 epochs");
    }

    @Test
    void trainingOptionsCannotRepeatTheCommandsOwnOptions() throws Exception {
        String base = "input_directory=[" + images + "] labels_directory=[" + labels + "] save_as=[x] features=8 epochs=1 device=cpu ";
        TrainModelCommand cmd = fiji.run(TrainModelCommand.class, base + "training_options=[epochs=3]", null);
        assertEquals("training_options: set epochs with its own option, not in training_options", cmd.failure());
        cmd = fiji.run(TrainModelCommand.class, base + "training_options=[images=/tmp]", null);
        assertEquals("training_options: set input_directory with its own option, not in training_options", cmd.failure());
        cmd = fiji.run(TrainModelCommand.class, base + "training_options=[bogus=1]", null);
        assertTrue(cmd.failure().startsWith("training_options: Unknown training option 'bogus'"), cmd.failure());
        cmd = fiji.run(TrainModelCommand.class, base + "architecture=resnet", null);
        assertTrue(cmd.failure().startsWith("Unknown architecture 'resnet': choose one of unet, sdnet"), cmd.failure());
        cmd = fiji.run(TrainModelCommand.class, base.replace("save_as=[x]", "save_as=[]"), null);
        assertTrue(cmd.failure().startsWith("save_as is required: "), cmd.failure());
    }

    @Test
    void fineTunesAnInstalledModel() throws Exception {
        Path out = dir.resolve("tuned.scse");
        FineTuneModelCommand cmd = fiji.run(FineTuneModelCommand.class, "model=tiny input_directory=[" + images
                + "] labels_directory=[" + labels + "] save_as=[" + out + "] classes=0 class_names=[] freeze_encoder=true epochs=1"
                + " batch_size=2 learning_rate=0.001 validation_fraction=0 device=cpu overwrite=false"
                + " training_options=[patch_width=32 patch_height=32]", null);
        assertNull(cmd.failure());
        assertEquals(out, cmd.result.model());
        ModelFile.Info info = ModelFile.readInfo(out);
        assertEquals(TestFixtures.CLASSES, info.spec().classes(), "classes=0 keeps the model's classes");
        assertNotNull(info.provenance().get(Provenance.PARENT));
        assertTrue(info.provenance().get(Provenance.RECIPE).startsWith("run(\"Fine-tune Model\", \"model=tiny "));
    }
}
