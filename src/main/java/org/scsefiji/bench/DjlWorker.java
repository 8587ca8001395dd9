package org.scsefiji.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.scsefiji.engine.TorchEngine;

/**
 * The DJL side of the benchmark in its own JVM (so that allocator settings and peak memory are its own):
 * the same line protocol as twin.py (hello, setup, round, quit).
 */
public final class DjlWorker {
    private DjlWorker() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err); // stray prints must not corrupt the protocol
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        DjlStep step = null;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) continue;
            JsonObject cmd = JsonParser.parseString(line).getAsJsonObject();
            String name = cmd.get("cmd").getAsString();
            if (name.equals("quit")) break;
            JsonObject reply = new JsonObject();
            try {
                switch (name) {
                    case "hello":
                        Engine e = TorchEngine.get();
                        reply.addProperty("djl", Engine.getDjlVersion());
                        reply.addProperty("torch", e.getVersion());
                        reply.addProperty("threads", JniUtils.getNumThreads());
                        reply.addProperty("interop_threads", JniUtils.getNumInteropThreads());
                        reply.addProperty("malloc_tuning", System.getProperty(TorchEngine.MALLOC_TUNING, "true"));
                        reply.addProperty("huge_pages", System.getProperty(TorchEngine.HUGE_PAGES, "true"));
                        break;
                    case "ceiling":
                        reply.addProperty("gflops", DjlStep.convolutionCeiling(cmd.get("reps").getAsInt()));
                        break;
                    case "setup":
                        if (step != null) step.close();
                        step = new DjlStep(Workload.fromJson(cmd));
                        reply.addProperty("ok", true);
                        if (step.hasReference()) {
                            JsonArray shape = new JsonArray();
                            for (long v : step.referenceShape()) shape.add(v);
                            reply.add("reference_shape", shape);
                            reply.addProperty("reference_untiled", step.referenceUntiled());
                        }
                        break;
                    case "round":
                        reply = round(step, cmd.get("warmup").getAsInt(), cmd.get("reps").getAsInt());
                        break;
                    default:
                        reply.addProperty("error", "unknown command " + name);
                }
            } catch (Exception | Error ex) {
                ex.printStackTrace();
                reply = new JsonObject();
                reply.addProperty("error", ex.toString());
            }
            protocol.println(reply);
        }
        if (step != null) step.close();
    }

    private static JsonObject round(DjlStep step, int warmup, int reps) {
        if (step == null) throw new IllegalStateException("round before setup");
        for (int i = 0; i < warmup; i++) step.run();
        JsonArray times = new JsonArray();
        JsonArray referenceTimes = new JsonArray();
        long faults = ProcessMemory.minorFaults();
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            step.run();
            times.add((System.nanoTime() - t0) / 1e6);
            if (step.hasReference()) {
                // Interleaved in the same process: the ratio is what load on the machine disturbs least.
                t0 = System.nanoTime();
                step.runReference();
                referenceTimes.add((System.nanoTime() - t0) / 1e6);
            }
        }
        ProcessMemory mem = ProcessMemory.read();
        JsonObject reply = new JsonObject();
        reply.add("times_ms", times);
        if (step.hasReference()) {
            reply.add("reference_ms", referenceTimes);
            reply.addProperty("plan", step.plan());
        }
        reply.addProperty("vmhwm_kb", mem.peakKb);
        reply.addProperty("vmrss_kb", mem.residentKb);
        reply.addProperty("minor_faults", mem.minorFaults - faults);
        return reply;
    }
}
