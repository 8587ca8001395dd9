package org.scsefiji.infer;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.nn.SegmentationNetwork;

/** A network with seeded weights in its own DJL model on the CPU, as ScseModel holds one. */
final class LoadedNetwork implements AutoCloseable {
    final Model model;
    final SegmentationNetwork network;

    private LoadedNetwork(Model model, SegmentationNetwork network) {
        this.model = model;
        this.network = network;
    }

    static LoadedNetwork load(SegmentationNetwork network, int seed) {
        TorchEngine.get();
        return TorchEngine.withPluginClassLoader(() -> {
            Engine.getInstance().setRandomSeed(seed);
            Model m = Model.newInstance("test", Device.cpu(), TorchEngine.ENGINE);
            m.setBlock(network);
            int s = network.sizeMultiple();
            network.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, network.spec().inputChannels(), s, s));
            return new LoadedNetwork(m, network);
        });
    }

    Segmenter segmenter() {
        return new Segmenter(network, model.getNDManager());
    }

    @Override
    public void close() {
        model.close();
    }
}
