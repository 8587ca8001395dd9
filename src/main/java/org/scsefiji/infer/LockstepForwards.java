package org.scsefiji.infer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.scsefiji.engine.TorchEngine;

/**
 * The forwards of all tile groups of one image, advanced in lockstep from one squeeze site to the next,
 * so that each tile is computed once although every site needs the whole image's channel means first.
 *
 * <p>Each forward runs on its own thread and pauses inside its squeeze (see
 * {@link WholeImageChannelSqueeze#staged}) with its tensors alive: the paused threads are the stored stage
 * outputs, without copying them anywhere. Only one thread computes at a time (the caller's thread waits
 * while a forward runs), so the engine's own threads are not oversubscribed and every hand-over is a
 * semaphore, which orders memory. A forward that is closed while paused unwinds with {@link Aborted},
 * closing its tensors on the way out.
 */
final class LockstepForwards<R> implements AutoCloseable {
    /** One tile group's forward; it passes {@code wait} to its squeeze context. */
    interface Forward<R> {
        R run(WholeImageChannelSqueeze.SiteWait wait);
    }

    enum State { NOT_STARTED, RUNNING, PAUSED, DONE, FAILED }

    private final List<Worker> workers = new ArrayList<>();

    LockstepForwards(List<? extends Forward<R>> forwards) {
        for (int i = 0; i < forwards.size(); i++) workers.add(new Worker(forwards.get(i)));
    }

    int size() {
        return workers.size();
    }

    /**
     * Runs forward {@code i} until it pauses at its next site or finishes; returns its state then
     * ({@link State#PAUSED} or {@link State#DONE}).
     *
     * @throws RuntimeException what the forward threw
     */
    State advance(int i) {
        Worker w = workers.get(i);
        if (w.state == State.DONE || w.state == State.FAILED) throw new IllegalStateException("forward " + i + " has ended");
        w.state = State.RUNNING;
        if (w.thread == null) {
            w.thread = new Thread(w, "scse-tile-forward-" + i);
            w.thread.setDaemon(true);
            w.thread.start();
        }
        w.go.release();
        w.parked.acquireUninterruptibly();
        // Each thread has its own malloc arena, which keeps its forward's freed working memory; the
        // next forward runs on another thread, so without this the arenas' peaks would add up.
        TorchEngine.releaseFreedMemory();
        if (w.state == State.FAILED) {
            Throwable t = w.failure;
            if (t instanceof RuntimeException) throw (RuntimeException) t;
            if (t instanceof Error) throw (Error) t;
            throw new IllegalStateException("A tile forward failed", t);
        }
        return w.state;
    }

    /** The site forward {@code i} is paused at. */
    int pausedSite(int i) {
        return workers.get(i).site;
    }

    /** The result of a forward that is {@link State#DONE}. */
    R result(int i) {
        Worker w = workers.get(i);
        if (w.state != State.DONE) throw new IllegalStateException("forward " + i + " is " + w.state);
        R r = w.result;
        w.result = null;
        return r;
    }

    /** Unwinds every paused forward and waits for all threads to end. */
    @Override
    public void close() {
        for (Worker w : workers) {
            if (w.thread == null) continue;
            if (w.state == State.PAUSED) {
                w.aborted = true;
                w.go.release();
                w.parked.acquireUninterruptibly();
            }
            boolean interrupted = false;
            while (true) {
                try {
                    w.thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private final class Worker implements Runnable, WholeImageChannelSqueeze.SiteWait {
        final Forward<R> forward;
        final Semaphore go = new Semaphore(0);
        final Semaphore parked = new Semaphore(0);
        Thread thread;
        volatile State state = State.NOT_STARTED;
        volatile boolean aborted;
        int site = -1;
        R result;
        Throwable failure;

        Worker(Forward<R> forward) {
            this.forward = forward;
        }

        @Override
        public void run() {
            go.acquireUninterruptibly();
            try {
                result = TorchEngine.withPluginClassLoader(() -> {
                    TorchEngine.disableGradOnThisThread();
                    return forward.run(this);
                });
                state = State.DONE;
            } catch (Aborted a) {
                state = State.DONE;
            } catch (Throwable t) {
                failure = isAborted(t) ? null : t;
                state = failure == null ? State.DONE : State.FAILED;
            } finally {
                parked.release();
            }
        }

        @Override
        public void awaitMeans(int reached) {
            site = reached;
            state = State.PAUSED;
            parked.release();
            go.acquireUninterruptibly();
            if (aborted) throw new Aborted();
        }

        private boolean isAborted(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof Aborted) return true;
            }
            return false;
        }
    }

    /** Unwinds a paused forward that is no longer wanted; carries no stack trace. */
    static final class Aborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Aborted() {
            super("tile forward aborted", null, false, false);
        }
    }
}
