package org.scsefiji.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A benchmark worker in its own process (the DJL side or the PyTorch twin), driven over stdin with one
 * JSON command per line and answering one JSON line on stdout. Its stderr goes to a log file whose tail
 * is shown when it fails.
 */
final class WorkerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final Path log;

    private WorkerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** @param env variables to set, or to remove where the value is null */
    static WorkerProcess start(String name, List<String> command, Map<String, String> env) throws IOException {
        Path log = Files.createTempFile("scse-bench-" + name.replaceAll("[^A-Za-z0-9]", "_") + "-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
        // a null value removes the variable from what the worker inherits
        env.forEach((k, v) -> {
            if (v == null) pb.environment().remove(k);
            else pb.environment().put(k, v);
        });
        return new WorkerProcess(name, pb.start(), log);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** Sends a command and waits for the answer; a worker's error becomes an exception naming the worker. */
    JsonObject request(JsonObject command) throws IOException {
        in.write(command.toString());
        in.write('\n');
        in.flush();
        String line = out.readLine();
        if (line == null) throw new IOException(name + " worker stopped unexpectedly. Its log ends with:\n" + logTail());
        JsonObject reply = JsonParser.parseString(line).getAsJsonObject();
        if (reply.has("error")) {
            throw new IOException(name + " worker: " + reply.get("error").getAsString() + "\nIts log ends with:\n" + logTail());
        }
        return reply;
    }

    static JsonObject command(String cmd) {
        JsonObject o = new JsonObject();
        o.addProperty("cmd", cmd);
        return o;
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            in.write(command("quit").toString());
            in.write('\n');
            in.flush();
            in.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) process.destroy();
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
