package org.scsefiji.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** Peak (VmHWM) and current (VmRSS) resident memory of this process, in kB; -1 where /proc is missing. */
final class ProcessMemory {
    final long peakKb;
    final long residentKb;

    private ProcessMemory(long peakKb, long residentKb) {
        this.peakKb = peakKb;
        this.residentKb = residentKb;
    }

    static ProcessMemory read() {
        long hwm = -1, rss = -1;
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) hwm = kb(line);
                else if (line.startsWith("VmRSS:")) rss = kb(line);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: unknown
        }
        return new ProcessMemory(hwm, rss);
    }

    private static long kb(String line) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim().split("\\s+")[0]);
    }
}
