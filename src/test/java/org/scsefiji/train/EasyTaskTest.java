package org.scsefiji.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.io.TestImages;
import org.scsefiji.task.CancelToken;

/**
 * End-to-end check that images and labels reach the network aligned: bright discs on a noisy dark
 * background, labelled with object ids (16-bit, instance_labels), are learnt almost perfectly by a small
 * SD-Net in a few seconds (median-frequency weights are off: on two classes they trade Dice for recall).
 */
class EasyTaskTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void engine() {
        TestTorch.singleThread();
    }

    /** A 48 x 48 image of up to three bright discs (radius 3-7) and its labels of object ids (100, 200, 300). */
    static void writeDiscs(Path folder, String name, Random r) throws IOException {
        int s = 48;
        int[] img = new int[s * s];
        int[] ids = new int[s * s];
        for (int i = 0; i < img.length; i++) img[i] = 20 + r.nextInt(40);
        for (int d = 1; d <= 3; d++) {
            int cx = 8 + r.nextInt(s - 16);
            int cy = 8 + r.nextInt(s - 16);
            int rad = 3 + r.nextInt(5);
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= rad * rad) {
                        img[y * s + x] = 150 + r.nextInt(60);
                        ids[y * s + x] = d * 100;
                    }
                }
            }
        }
        TestImages.write8(folder.resolve(name + ".tif"), s, s, img);
        TestImages.write16(folder.resolve(name + "_labels.tif"), s, s, ids);
    }

    @Test
    void discsAreSegmentedAlmostPerfectly() throws IOException {
        Random r = new Random(11);
        Path data = dir.resolve("discs");
        for (int i = 0; i < 12; i++) writeDiscs(data, "train" + i, r);
        for (int i = 0; i < 3; i++) writeDiscs(data, "val" + i, r);
        TrainingConfig config = TrainingConfig.builder().set("images", data).set("validation_group", "val")
                .set("instance_labels", true).set("architecture", "sdnet").set("features", 8)
                .set("patch_width", 0).set("patch_height", 0).set("epochs", 8).set("class_weights", "none")
                .set("output", dir.resolve("discs.scse")).set("device", "cpu").build();
        TrainingResult result = new SegmentationTrainer().train(config, null, TrainingListener.NONE, new CancelToken());
        double dice = result.best().dice()[1];
        assertTrue(dice > 0.9, "foreground Dice " + dice);
    }
}
