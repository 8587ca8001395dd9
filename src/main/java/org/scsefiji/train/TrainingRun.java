package org.scsefiji.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.io.ImageReader;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ClassPalettes;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Normalization;
import org.scsefiji.model.PostProcessing;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.nn.Architecture;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.CancelledException;
import org.scsefiji.train.data.Patch;
import org.scsefiji.train.data.PatchBatch;
import org.scsefiji.train.data.PatchSampler;
import org.scsefiji.train.data.SliceCache;
import org.scsefiji.train.data.TrainingData;
import org.scsefiji.train.loss.PixelWeightMap;

/** One training run, start to end; see {@link SegmentationTrainer} for what it promises. */
final class TrainingRun {
    private final TrainingConfig requested;
    private final String recipe;
    private final ImageReader reader;
    private final TrainingListener listener;
    private final CancelToken cancel;

    private TrainingConfig config;
    private RunFiles files;
    private TrainingState state;
    private TrainingRecord record;
    private final TimeLeft timeLeft = new TimeLeft();
    private double lastFraction;

    TrainingRun(TrainingConfig config, String recipe, ImageReader reader, TrainingListener listener, CancelToken cancel) {
        this.requested = config;
        this.recipe = recipe;
        this.reader = reader;
        this.listener = listener;
        this.cancel = cancel;
    }

    TrainingResult execute() throws IOException {
        files = new RunFiles(requested.output(), requested.checkpoint());
        Path output = files.output;
        Path checkpoint = files.checkpoint;
        Path parent = requested.parentModel();
        ModelFile.Info start = null;
        boolean resuming = false;
        if (requested.resume() && Files.exists(checkpoint)) {
            start = ModelFile.readInfo(checkpoint);
            state = TrainingState.read(checkpoint, start.provenance());
            resuming = true;
            message("Resuming from " + checkpoint.getFileName() + " after epoch " + state.epochsDone);
        } else {
            if (requested.resume()) message("No checkpoint " + checkpoint.getFileName() + " yet: training from the start");
            if (Files.exists(output) && !requested.overwrite()) {
                throw new IOException("Model file " + output + " already exists; choose another name or set overwrite=true");
            }
            if (parent != null) start = ModelFile.readInfo(parent);
        }
        NetworkSpec startSpec = start == null ? null : start.spec();
        config = startSpec == null ? requested : requested.withNetwork(startSpec);
        // A resumed run keeps its seed: the same validation split, and the sampling of the epochs still to come.
        if (resuming) config = config.toBuilder().set("seed", state.seed).build();
        if (startSpec != null && startSpec.inputChannels() != 1) {
            throw new IOException("Model " + (resuming ? checkpoint : parent) + " expects " + startSpec.inputChannels()
                    + " input channels; training reads one-channel images");
        }
        int requestedClasses = resuming ? startSpec.classCount()
                : config.classes() > 0 ? config.classes()
                : !config.classNames().isEmpty() ? config.classNames().size()
                : startSpec != null ? startSpec.classCount() : 0;
        Normalization normalization = startSpec != null ? startSpec.normalization() : config.normalization();

        TrainingData data;
        try {
            data = TrainingData.prepare(config.dataSource(), reader, requestedClasses, normalization,
                    (f, m) -> listener.onEvent(TrainingEvent.message(TrainingEvent.Kind.PREPARING, 0, m)), cancel);
        } catch (CancelledException e) {
            emit(TrainingEvent.message(TrainingEvent.Kind.FINISHED, 0, "Training cancelled while checking the data; nothing was written"));
            return new TrainingResult(TrainingResult.Stop.CANCELLED, null, resuming ? checkpoint : null,
                    resuming ? state.epochsDone : 0, null, resuming ? state.history : List.of());
        }
        int k = data.classCount();
        if (!data.hasValidation()) {
            message("No validation images: the model of the last epoch is kept, without early stopping or validation Dice");
        }

        Device device = TorchEngine.device(config.device());
        String engineText = TorchEngine.describe(device);
        if (!resuming) {
            state = new TrainingState();
            state.seed = config.seed();
            state.runId = UUID.randomUUID().toString();
        }
        TorchEngine.get().setRandomSeed((int) state.seed);
        float[] classWeights = TrainingLosses.classWeights(config, data.medianFrequencyWeights());
        ScseModel model;
        if (resuming) {
            model = ModelFile.load(checkpoint, device);
        } else if (parent != null) {
            boolean newClasses = k != startSpec.classCount() || !config.classNames().isEmpty();
            if (newClasses) {
                // the parent's post-processing and offsets were for its classes: the new ones get a new model's
                List<ClassInfo> classes = classes(k);
                List<Double> offsets = newModelOffsets(classWeights);
                model = FineTuning.start(parent, classes, newModelPostProcessing(classes, offsets, data), offsets, device);
            } else {
                model = FineTuning.start(parent, null, null, null, device);
            }
            if (config.explicitOptions().keySet().stream().anyMatch(o -> o.startsWith("pixel_") || (o.equals("postprocessing") && !newClasses))) {
                message("Fine-tuning keeps " + parent.getFileName() + "'s pixel size" + (newClasses ? "" : " and post-processing")
                        + "; pixel_width, pixel_depth" + (newClasses ? "" : " and postprocessing") + " apply to new models only");
            }
            if (newClasses && k != startSpec.classCount()) {
                message("Fine-tuning " + parent.getFileName() + ": new classifier for " + k + " classes (the model had "
                        + startSpec.classCount() + ")");
            }
        } else {
            List<ClassInfo> classes = classes(k);
            List<Double> offsets = newModelOffsets(classWeights);
            model = ScseModel.create(config.networkSpec(k).toBuilder().classes(classes).pixelSize(config.pixelSize())
                    .postProcessing(newModelPostProcessing(classes, offsets, data)).logitOffsets(offsets).build(), new Provenance(), device);
        }
        try {
            if (resuming || parent != null) FineTuning.makeTrainable(model.network());
            if (config.freezeEncoder()) {
                int n = FineTuning.freezeEncoder(model.network());
                message("Encoder frozen: " + n + " weight arrays are not trained");
            }
            record = new TrainingRecord(config, data, recipe, resuming, parent, start, engineText);
            return train(model, data, classWeights, device);
        } finally {
            model.close();
        }
    }

    /**
     * The logit offsets of a model with new classes; none when a class never occurs in the training labels (weight 0:
     * no frequency whose weighting could be undone), e.g. a fine-tuned model given more classes than its data shows.
     */
    private List<Double> newModelOffsets(float[] classWeights) {
        for (float w : classWeights) if (w == 0) return List.of();
        return LogitAdjustment.offsets(classWeights, config.logitAdjustment());
    }

    /** What a model with new classes declares after its network (a new model, or a fine-tuned one with other classes). */
    private PostProcessing newModelPostProcessing(List<ClassInfo> classes, List<Double> offsets, TrainingData data) {
        PostProcessing post = config.postProcessing(classes, !offsets.isEmpty());
        // the objects' size the network learns, so that images of other magnifications can be brought to it
        if (post instanceof InstancePostProcessing) post = ((InstancePostProcessing) post).withObjectDiameter(data.objectDiameter());
        return post;
    }

    private List<ClassInfo> classes(int k) {
        List<String> names = config.classNames();
        if (!names.isEmpty()) {
            if (names.size() != k) {
                throw new IllegalArgumentException("class_names lists " + names.size() + " names, but there are " + k + " classes");
            }
            List<ClassInfo> palette = ClassPalettes.generic(k);
            List<ClassInfo> out = new ArrayList<>();
            for (int i = 0; i < k; i++) out.add(new ClassInfo(i, names.get(i), palette.get(i).color(), i == 0));
            return out;
        }
        if (config.labelMode().objectIds() && k <= 4) return ClassPalettes.objects(k);
        if (config.architecture() == Architecture.RELAYNET && k == ClassPalettes.retinalLayers().size()) {
            return ClassPalettes.retinalLayers();
        }
        return ClassPalettes.generic(k);
    }

    private TrainingResult train(ScseModel model, TrainingData data, float[] classWeights, Device device) throws IOException {
        NetworkSpec spec = model.spec();
        record.classWeights(classWeights);
        Loss loss = TrainingLosses.loss(config, classWeights);
        PixelWeightMap weightMap = TrainingLosses.weightMap(config, spec, data.objectDiameter());
        SliceCache cache = new SliceCache(data.entries(), reader, config.cacheBytes(), data.source().labelMode(), weightMap);
        PatchSampler sampler = new PatchSampler(data.entries(), data.trainingIndices(), data.validationIndices(),
                config.patchWidth(), config.patchHeight(), config.flip(), state.seed, config.cacheBytes(), weightMap != null,
                config.augmentation());
        LearningRateSchedule schedule = new LearningRateSchedule(config.learningRate(), config.lrStep(), config.lrFactor());
        Optimizer optimizer = config.optimizer() == TrainingConfig.OptimizerChoice.ADAM
                ? Optimizer.adam().optLearningRateTracker(schedule).optWeightDecays(config.weightDecay()).build()
                : Optimizer.sgd().setLearningRateTracker(schedule).optMomentum(config.momentum())
                        .optWeightDecays(config.weightDecay()).build();
        DefaultTrainingConfig djlConfig = new DefaultTrainingConfig(loss).optOptimizer(optimizer).optDevices(new Device[] {device});
        List<Patch> validationTiles = sampler.validationTiles();
        int epochs = config.epochs();
        int steps = (sampler.trainingPatchCount() + config.batchSize() - 1) / config.batchSize();
        TrainingResult.Stop stop = TrainingResult.Stop.FINISHED;
        try (Trainer trainer = TorchEngine.withPluginClassLoader(() -> new Trainer(model.djlModel(), djlConfig))) {
            TorchEngine.disableGradOnThisThread();
            emit(new TrainingEvent(TrainingEvent.Kind.STARTED, state.epochsDone, epochs, 0, steps, Double.NaN, null,
                    Double.NaN, TimeLeft.fraction(state.epochsDone, 0, epochs, steps), "Training " + spec.architecture().key() + " on "
                    + data.split().training().size() + " images, " + spec.classCount() + " classes, patches " + sampler.patchWidth() + " x "
                    + sampler.patchHeight() + ", " + steps + " steps per epoch"));
            if (state.history.isEmpty() && data.hasValidation()) {
                long t0 = System.nanoTime();
                Validation v = Validation.run(trainer, validationTiles, cache, sampler.patchWidth(), sampler.patchHeight(),
                        config.batchSize(), spec, cancel);
                double took = seconds(t0);
                timeLeft.validationTook(took);
                EpochMetrics m = new EpochMetrics(0, Double.NaN, v.loss, v.dice(), v.metrics.meanForegroundDice(),
                        schedule.at(0), took);
                endEpoch(model, m, epochs, steps);
            }
            for (int epoch = state.epochsDone; epoch < epochs; epoch++) {
                long epochStart = System.nanoTime();
                schedule.setEpoch(epoch);
                TorchEngine.get().setRandomSeed((int) (state.seed + epoch + 1));
                List<Patch> patches = sampler.trainingEpoch(epoch);
                double lossSum = 0;
                for (int s = 0; s < steps; s++) {
                    cancel.check();
                    long t = System.nanoTime();
                    List<Patch> part = patches.subList(s * config.batchSize(), Math.min(patches.size(), (s + 1) * config.batchSize()));
                    lossSum += step(trainer, PatchBatch.of(part, sampler.patchWidth(), sampler.patchHeight(), cache));
                    timeLeft.stepTook(seconds(t));
                    emit(new TrainingEvent(TrainingEvent.Kind.STEP, epoch + 1, epochs, s + 1, steps, lossSum / (s + 1), null,
                            timeLeft.seconds(epoch, s + 1, epochs, steps), TimeLeft.fraction(epoch, s + 1, epochs, steps), null));
                }
                double validationLoss = Double.NaN;
                double[] dice = null;
                double meanDice = Double.NaN;
                if (data.hasValidation()) {
                    long t0 = System.nanoTime();
                    Validation v = Validation.run(trainer, validationTiles, cache, sampler.patchWidth(), sampler.patchHeight(),
                            config.batchSize(), spec, cancel);
                    timeLeft.validationTook(seconds(t0));
                    validationLoss = v.loss;
                    dice = v.dice();
                    meanDice = v.metrics.meanForegroundDice();
                }
                state.epochsDone = epoch + 1;
                EpochMetrics m = new EpochMetrics(epoch + 1, lossSum / steps, validationLoss, dice, meanDice, schedule.at(epoch),
                        seconds(epochStart));
                endEpoch(model, m, epochs, steps);
                if (config.patience() > 0 && data.hasValidation() && state.sinceImprovement >= config.patience()
                        && epoch + 1 < epochs) {
                    stop = TrainingResult.Stop.EARLY_STOPPED;
                    message("Stopped early: validation did not improve for " + config.patience() + " epochs; best epoch "
                            + state.bestEpoch);
                    break;
                }
            }
        } catch (CancelledException e) {
            stop = TrainingResult.Stop.CANCELLED;
        }
        return finish(stop, device);
    }

    /** One optimisation step; returns the batch loss. */
    private static double step(Trainer trainer, PatchBatch batch) {
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDList input = batch.input(m);
            NDList targets = batch.targets(m);
            double value;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(input);
                NDArray l = trainer.getLoss().evaluate(targets, predictions);
                collector.backward(l);
                value = l.getFloat();
            }
            trainer.step();
            if (!Double.isFinite(value)) {
                throw new IllegalStateException("The training loss became " + value + "; lower learning_rate and try again");
            }
            return value;
        }
    }

    /** Records the epoch, keeps the model if it is the best so far, writes the checkpoint, reports the epoch. */
    private void endEpoch(ScseModel model, EpochMetrics m, int epochs, int steps) throws IOException {
        files.endEpoch(model, m, state, config.monitor(), this::provenance);
        emit(new TrainingEvent(TrainingEvent.Kind.EPOCH, m.epoch(), epochs, steps, steps, m.trainingLoss(), m,
                timeLeft.seconds(m.epoch() - 1, steps, epochs, steps), TimeLeft.fraction(m.epoch(), 0, epochs, steps), null));
    }

    /** Rewrites the best model's provenance with how the run ended; removes a finished run's checkpoint. */
    private TrainingResult finish(TrainingResult.Stop stop, Device device) throws IOException {
        String status = stop.name().toLowerCase(java.util.Locale.ROOT);
        Path model = files.finishModel(status, state, device, this::provenance);
        Path keptCheckpoint = files.finishCheckpoint(stop == TrainingResult.Stop.CANCELLED, config.keepCheckpoint());
        TrainingResult result = new TrainingResult(stop, model, keptCheckpoint, state.epochsDone, state.best(), state.history);
        emit(TrainingEvent.message(TrainingEvent.Kind.FINISHED, 1, stop == TrainingResult.Stop.CANCELLED
                ? "Training cancelled after epoch " + state.epochsDone + (model == null ? "; no model was saved yet"
                        : "; " + files.output.getFileName() + " holds the best model so far (epoch " + state.bestEpoch + ")")
                : "Training " + (stop == TrainingResult.Stop.FINISHED ? "finished" : "stopped early") + ": best epoch "
                        + state.bestEpoch + ", model saved to " + files.output));
        return result;
    }

    private Provenance provenance(String status) {
        return record.provenance(status, config, state);
    }

    private void message(String text) {
        emit(TrainingEvent.message(TrainingEvent.Kind.MESSAGE, lastFraction, text));
    }

    private void emit(TrainingEvent e) {
        lastFraction = e.fraction();
        listener.onEvent(e);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
