package org.scsefiji.imagej;

import ij.gui.Plot;
import ij.process.ImageProcessor;
import java.awt.BorderLayout;
import java.awt.Button;
import java.awt.Canvas;
import java.awt.Color;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.Graphics;
import java.awt.GridLayout;
import java.awt.Label;
import java.awt.Panel;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.ArrayList;
import java.util.List;
import org.scsefiji.task.CancelToken;
import org.scsefiji.train.EpochMetrics;
import org.scsefiji.train.TrainingEvent;
import org.scsefiji.train.TrainingListener;

/**
 * The live training window: training and validation loss and validation Dice per epoch (ImageJ plots),
 * the current step and time left, and two buttons. "Stop and keep best" ends training and keeps the
 * best model saved so far (as Esc and closing the window do); "Cancel" ends it and asks the caller to
 * discard this run's model ({@link #discardRequested}). Only for a display: never create it headless.
 */
public final class TrainingWindow implements TrainingListener {
    private final Frame frame;
    private final PlotCanvas lossCanvas = new PlotCanvas(true);
    private final PlotCanvas diceCanvas = new PlotCanvas(false);
    private final Label status = new Label("Preparing the data...");
    private final Button stop = new Button("Stop and keep best");
    private final Button cancel = new Button("Cancel");
    private final CancelToken token;
    private final List<EpochMetrics> epochs = new ArrayList<>();
    private volatile boolean discard;
    private volatile boolean finished;
    private volatile int plannedEpochs = 1;

    private TrainingWindow(String title, CancelToken token) {
        this.token = token;
        frame = new Frame(title);
        frame.setLayout(new BorderLayout());
        Panel plots = new Panel(new GridLayout(2, 1));
        plots.add(lossCanvas);
        plots.add(diceCanvas);
        frame.add(plots, BorderLayout.CENTER);
        Panel bottom = new Panel(new BorderLayout());
        bottom.add(status, BorderLayout.CENTER);
        Panel buttons = new Panel();
        buttons.add(stop);
        buttons.add(cancel);
        bottom.add(buttons, BorderLayout.EAST);
        frame.add(bottom, BorderLayout.SOUTH);
        stop.addActionListener(e -> stopKeepingBest());
        cancel.addActionListener(e -> {
            if (finished) {
                frame.dispose();
            } else {
                discard = true;
                token.cancel();
                status.setText("Cancelling after the current step...");
            }
        });
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                if (!finished) stopKeepingBest();
                frame.dispose();
            }
        });
        frame.setSize(640, 560);
        frame.setLocationByPlatform(true);
    }

    /** Opens the window; its buttons cancel {@code token}. Must not be called headless. */
    public static TrainingWindow open(String title, CancelToken token) {
        TrainingWindow w = new TrainingWindow(title, token);
        EventQueue.invokeLater(() -> w.frame.setVisible(true));
        return w;
    }

    /** True when the user pressed Cancel (not "Stop and keep best"). */
    public boolean discardRequested() {
        return discard;
    }

    private void stopKeepingBest() {
        token.cancel();
        EventQueue.invokeLater(() -> status.setText("Stopping after the current step; the best model is kept..."));
    }

    @Override
    public void onEvent(TrainingEvent e) {
        if (e.epochs() > 0) plannedEpochs = e.epochs();
        switch (e.kind()) {
            case EPOCH:
                synchronized (epochs) {
                    epochs.add(e.metrics());
                }
                EventQueue.invokeLater(() -> {
                    lossCanvas.repaint();
                    diceCanvas.repaint();
                });
                text(e.describe());
                break;
            case FINISHED:
                finished = true;
                text(e.describe());
                EventQueue.invokeLater(() -> {
                    stop.setEnabled(false);
                    cancel.setLabel("Close");
                });
                break;
            default:
                if (!token.isCancelled()) text(e.describe());
        }
    }

    private void text(String s) {
        EventQueue.invokeLater(() -> status.setText(s));
    }

    /** Draws one ImageJ plot (loss or Dice against epoch) at the canvas size. */
    private final class PlotCanvas extends Canvas {
        private final boolean loss;

        PlotCanvas(boolean loss) {
            this.loss = loss;
        }

        @Override
        public void update(Graphics g) {
            paint(g);
        }

        @Override
        public void paint(Graphics g) {
            int w = Math.max(200, getWidth()), h = Math.max(120, getHeight());
            List<EpochMetrics> data;
            synchronized (epochs) {
                data = new ArrayList<>(epochs);
            }
            ImageProcessor ip = plot(data, w, h).getProcessor();
            g.drawImage(ip.createImage(), 0, 0, null);
        }

        private Plot plot(List<EpochMetrics> data, int w, int h) {
            Plot p = new Plot(loss ? "Loss" : "Dice", "epoch", loss ? "loss" : "mean foreground Dice (validation)");
            p.setSize(w, h);
            double[] x = new double[data.size()], train = new double[data.size()], val = new double[data.size()];
            double max = 0;
            for (int i = 0; i < data.size(); i++) {
                EpochMetrics m = data.get(i);
                x[i] = m.epoch();
                train[i] = m.trainingLoss();
                val[i] = loss ? m.validationLoss() : m.meanForegroundDice();
                if (Double.isFinite(train[i])) max = Math.max(max, train[i]);
                if (Double.isFinite(val[i])) max = Math.max(max, val[i]);
            }
            double lastEpoch = Math.max(plannedEpochs, data.isEmpty() ? 1 : x[x.length - 1]);
            p.setLimits(0, lastEpoch, 0, loss ? Math.max(max * 1.05, 1e-3) : 1);
            p.setLineWidth(2);
            if (loss) {
                p.setColor(Color.BLUE);
                p.addPoints(finiteX(x, train), finite(train), Plot.LINE);
            }
            p.setColor(loss ? Color.RED : new Color(0, 140, 0));
            p.addPoints(finiteX(x, val), finite(val), Plot.LINE);
            p.setLineWidth(1);
            p.setColor(Color.BLACK);
            p.addLegend(loss ? "training\tvalidation" : "validation");
            if (data.isEmpty()) p.addLabel(0.3, 0.5, "waiting for the first epoch");
            else if (!data.get(data.size() - 1).hasValidation()) p.addLabel(0.05, 0.1, "no validation images");
            return p;
        }
    }

    private static double[] finite(double[] v) {
        return java.util.Arrays.stream(v).filter(Double::isFinite).toArray();
    }

    private static double[] finiteX(double[] x, double[] v) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(v[i])) out.add(x[i]);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
