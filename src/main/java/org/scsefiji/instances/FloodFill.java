package org.scsefiji.instances;

import java.util.function.IntPredicate;

/** Breadth-first 4-connected flood fill over a row-major plane of labels: the one the decoder and the seed splitter share. */
final class FloodFill {
    private FloodFill() {}

    /**
     * Gives {@code start} and every pixel 4-connected to it through pixels that {@code joins} accepts the label
     * {@code to}. {@code joins} must reject pixels already labelled {@code to} (that is how each pixel is visited once).
     *
     * @param queue at least as long as {@code lab}; the region's pixels end up in queue[0..size)
     * @return the region's size
     */
    static int fill(int[] lab, int width, int start, int to, IntPredicate joins, int[] queue) {
        int head = 0;
        int tail = 0;
        lab[start] = to;
        queue[tail++] = start;
        while (head < tail) {
            int i = queue[head++];
            int x = i % width;
            if (x > 0 && joins.test(i - 1)) { lab[i - 1] = to; queue[tail++] = i - 1; }
            if (x < width - 1 && joins.test(i + 1)) { lab[i + 1] = to; queue[tail++] = i + 1; }
            if (i >= width && joins.test(i - width)) { lab[i - width] = to; queue[tail++] = i - width; }
            if (i + width < lab.length && joins.test(i + width)) { lab[i + width] = to; queue[tail++] = i + width; }
        }
        return tail;
    }
}
