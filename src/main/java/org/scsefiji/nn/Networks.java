package org.scsefiji.nn;

import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.arch.Architectures;

/** Builds the network a spec describes. */
public final class Networks {
    private Networks() {
    }

    public static SegmentationNetwork create(NetworkSpec spec) {
        SegmentationNetwork net;
        switch (spec.architecture()) {
            case UNET:
                net = Architectures.unet(spec);
                break;
            case SDNET:
                net = Architectures.sdnet(spec);
                break;
            case FCDENSENET:
                net = Architectures.fcDenseNet(spec);
                break;
            case RELAYNET:
                net = Architectures.relaynet(spec);
                break;
            case FOCUSNETPP:
                net = Architectures.focusNetPlusPlus(spec);
                break;
            default:
                throw new UnsupportedOperationException("Architecture " + spec.architecture().key() + " is not built yet");
        }
        // He initialisation suits ReLU networks (DJL's default Xavier would shrink deep activations).
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
                Parameter.Type.WEIGHT);
        return net;
    }
}
