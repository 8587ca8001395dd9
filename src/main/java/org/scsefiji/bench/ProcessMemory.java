package org.scsefiji.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Peak (VmHWM) and current (VmRSS) resident memory of this process in kB, and its minor page faults so far;
 * -1 where /proc is missing.
 */
final class ProcessMemory {
    final long peakKb;
    final long residentKb;
    final long minorFaults;

    private ProcessMemory(long peakKb, long residentKb, long minorFaults) {
        this.peakKb = peakKb;
        this.residentKb = residentKb;
        this.minorFaults = minorFaults;
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
        return new ProcessMemory(hwm, rss, minorFaults());
    }

    /** Field 10 of /proc/self/stat, counted after the command name (which may hold spaces). */
    static long minorFaults() {
        try {
            String stat = Files.readString(Paths.get("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long kb(String line) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim().split("\\s+")[0]);
    }
}
