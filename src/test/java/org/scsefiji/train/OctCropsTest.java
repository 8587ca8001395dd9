package org.scsefiji.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.scsefiji.io.TestImages;

class OctCropsTest {
    @Test
    void theCommittedCropsAreCropsOfTheSharedDukeData() throws IOException {
        Path train = TestImages.sharedData("oct-duke/train");
        for (String n : OctCrops.NAMES) {
            assertArrayEquals(OctCrops.crop(train.resolve(n + ".tif")), OctCrops.fixture(n), n);
            assertArrayEquals(OctCrops.crop(train.resolve(n + "_labels.tif")), OctCrops.fixture(n + "_labels"), n + "_labels");
        }
    }
}
