package org.scsefiji.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.infer.SegmentationOutputs;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.instances.Instances;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ScseModel;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;

/**
 * Network against post-processing on one large image: a SIZE x SIZE mosaic of a nuclei image (default the
 * 256 x 256 sample, 2048 x 2048), segmented with probabilities (tiled as memory allows) and then split into
 * objects and measured. Prints wall and process CPU seconds of each phase, the object count and the
 * resident memory. Usage: {@code java -cp scse.jar org.scsefiji.bench.InstanceBenchmark MODEL [IMAGE] [SIZE]}.
 */
public final class InstanceBenchmark {
    private InstanceBenchmark() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        Path modelFile = Path.of(args[0]);
        Path tileFile = Path.of(args.length > 1 ? args[1] : "models/samples/nuclei-00071198d059ba7f.tif");
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 2048;
        RandomAccessibleInterval<? extends RealType<?>> tile = new ImageIoReader().read(tileFile);
        Img<FloatType> image = mosaic(tile, size);
        try (ScseModel model = ModelFile.load(modelFile, TorchEngine.device(DeviceChoice.parse("cpu")))) {
            InstancePostProcessing p = (InstancePostProcessing) model.spec().postProcessing();
            Segmenter segmenter = new Segmenter(model);
            System.out.printf(Locale.ROOT, "%s on a %d x %d mosaic of %s; %s; plan %s%n", modelFile.getFileName(), size, size,
                    tileFile.getFileName(), TorchEngine.describe(model.device()), segmenter.plan(image));
            long wall = System.nanoTime();
            long cpu = cpuNanos();
            SegmentationOutputs out = segmenter.segment((RandomAccessibleInterval) image, ImageAxes.singleChannel(2), true, false,
                    ProgressListener.NONE, new CancelToken());
            double netWall = (System.nanoTime() - wall) / 1e9;
            double netCpu = (cpuNanos() - cpu) / 1e9;
            wall = System.nanoTime();
            cpu = cpuNanos();
            Instances objects = Instances.decode(out.probabilities(), image, p);
            double postWall = (System.nanoTime() - wall) / 1e9;
            double postCpu = (cpuNanos() - cpu) / 1e9;
            System.out.printf(Locale.ROOT, "network (segment with probabilities): %.2f s wall, %.2f s cpu%n", netWall, netCpu);
            System.out.printf(Locale.ROOT, "post-processing (decode + measure + outlines): %.2f s wall, %.2f s cpu; %d objects, mean area %.1f px%n",
                    postWall, postCpu, objects.count(), objects.meanArea());
            System.out.printf(Locale.ROOT, "post-processing / network: %.3f (wall)%n", postWall / netWall);
            ProcessMemory m = ProcessMemory.read();
            System.out.printf(Locale.ROOT, "peak resident memory: %d MB%n", m.peakKb / 1024);
        }
    }

    private static Img<FloatType> mosaic(RandomAccessibleInterval<? extends RealType<?>> tile, int size) {
        Img<FloatType> img = ArrayImgs.floats(size, size);
        RandomAccess<? extends RealType<?>> in = tile.randomAccess();
        RandomAccess<FloatType> out = img.randomAccess();
        long tw = tile.dimension(0);
        long th = tile.dimension(1);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                // mirrored copies, so that no seam cuts a nucleus in two
                long tx = (x / tw) % 2 == 0 ? x % tw : tw - 1 - x % tw;
                long ty = (y / th) % 2 == 0 ? y % th : th - 1 - y % th;
                in.setPosition(tile.min(0) + tx, 0);
                in.setPosition(tile.min(1) + ty, 1);
                out.setPosition(x, 0);
                out.setPosition(y, 1);
                out.get().setReal(in.get().getRealDouble());
            }
        }
        return img;
    }

    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
    }
}
