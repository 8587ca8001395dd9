package org.scsefiji.bioimageio;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.model.ModelFileException;

/** TorchScript weights loaded by DJL's PyTorch engine, the one that runs scSE-Fiji's own networks. */
final class TorchScriptGraph implements Graph {
    private final Model model;

    /** {@code field} is the rdf's field naming the weights file, for messages. */
    TorchScriptGraph(byte[] weights, PackageSpec pkg, String field, Device device) throws ModelFileException {
        Path dir = null;
        try {
            // DJL loads TorchScript from a file: a private temporary copy, deleted once loaded
            dir = Files.createTempDirectory("scse-torchscript");
            Files.write(dir.resolve("weights.pt"), weights);
            Model m = Model.newInstance("bioimageio", device, TorchEngine.ENGINE);
            try {
                m.load(dir, "weights");
            } catch (MalformedModelException | IOException | RuntimeException e) {
                m.close();
                throw e;
            }
            model = m;
        } catch (MalformedModelException | IOException | RuntimeException e) {
            ModelFileException error = pkg.error(field, "names '" + pkg.weightsSource + "', which PyTorch cannot load as TorchScript ("
                    + firstLine(e.getMessage()) + ")");
            error.initCause(e);
            throw error;
        } finally {
            if (dir != null) delete(dir);
        }
    }

    /** PyTorch's messages carry a C++ stack trace after the first line. */
    private static String firstLine(String message) {
        if (message == null) return "no message";
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    /** The DJL model holding the TorchScript module (its manager is the imported model's). */
    Model model() {
        return model;
    }

    @Override
    public NDArray run(NDArray x) {
        NDList out = model.getBlock().forward(new ParameterStore(x.getManager(), false), new NDList(x), false);
        NDArray y = out.head();
        y.attach(x.getManager());
        return y;
    }

    @Override
    public String format() {
        return "TorchScript";
    }

    @Override
    public void close() {
        model.close();
    }
}
