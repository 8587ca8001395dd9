package org.scsefiji.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.nn.Networks;
import org.scsefiji.nn.SegmentationNetwork;

/**
 * A network with its weights on a device, its spec and its provenance. Owns the native memory of its
 * parameters: close it when done.
 */
public final class ScseModel implements AutoCloseable {
    private final Model djlModel;
    private final SegmentationNetwork network;
    private Provenance provenance;

    private ScseModel(Model djlModel, SegmentationNetwork network, Provenance provenance) {
        this.djlModel = djlModel;
        this.network = network;
        this.provenance = provenance;
    }

    /** A new network with freshly initialised weights. */
    public static ScseModel create(NetworkSpec spec, Provenance provenance, Device device) {
        TorchEngine.get();
        return TorchEngine.withPluginClassLoader(() -> {
            Model m = Model.newInstance("scse", device, TorchEngine.ENGINE);
            try {
                SegmentationNetwork net = Networks.create(spec);
                m.setBlock(net);
                int s = net.sizeMultiple();
                net.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, spec.inputChannels(), s, s));
                return new ScseModel(m, net, provenance);
            } catch (RuntimeException e) {
                m.close();
                throw e;
            }
        });
    }

    /**
     * A model around a network that is not built from its spec (an imported bioimage.io package): {@code djlModel}
     * gives the manager the segmenter works in; closing the model closes both (the network first, when it holds
     * native resources of its own).
     */
    public static ScseModel of(Model djlModel, SegmentationNetwork network, Provenance provenance) {
        return new ScseModel(djlModel, network, provenance);
    }

    public NetworkSpec spec() {
        return network.spec();
    }

    public SegmentationNetwork network() {
        return network;
    }

    /** The DJL model, for DJL trainers and predictors. */
    public Model djlModel() {
        return djlModel;
    }

    public Device device() {
        return djlModel.getNDManager().getDevice();
    }

    public Provenance provenance() {
        return provenance;
    }

    public void setProvenance(Provenance provenance) {
        this.provenance = provenance;
    }

    @Override
    public void close() {
        try {
            if (network instanceof AutoCloseable) ((AutoCloseable) network).close();
        } catch (Exception e) {
            throw new IllegalStateException("Closing the network failed: " + e.getMessage(), e);
        } finally {
            djlModel.close();
        }
    }
}
