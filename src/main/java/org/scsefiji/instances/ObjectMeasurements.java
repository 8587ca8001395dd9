package org.scsefiji.instances;

import java.util.ArrayList;
import java.util.List;

/** Measures every object of one plane in one pass over its pixels, then traces each outline. */
public final class ObjectMeasurements {
    private ObjectMeasurements() {
    }

    /**
     * @param intensity the segmented image's values of the plane (x fastest), or null (intensities NaN)
     * @param plane the plane's number, stored in each object
     */
    public static List<MeasuredObject> measure(InstanceLabels labels, float[] intensity, int plane) {
        int w = labels.width();
        int[] lab = labels.labels();
        int n = labels.count() + 1;
        long[] area = new long[n];
        double[] sum = new double[n];
        double[] min = new double[n];
        double[] max = new double[n];
        double[] sx = new double[n];
        double[] sy = new double[n];
        int[] x0 = new int[n];
        int[] y0 = new int[n];
        int[] x1 = new int[n];
        int[] y1 = new int[n];
        int[] first = new int[n];
        for (int i = 0; i < lab.length; i++) {
            int v = lab[i];
            if (v <= 0) continue;
            int x = i % w;
            int y = i / w;
            double value = intensity == null ? Double.NaN : intensity[i];
            if (area[v]++ == 0) {
                first[v] = i;
                min[v] = value;
                max[v] = value;
                x0[v] = x;
                x1[v] = x;
                y0[v] = y;
                y1[v] = y;
            } else {
                if (value < min[v]) min[v] = value;
                if (value > max[v]) max[v] = value;
                if (x < x0[v]) x0[v] = x;
                if (x > x1[v]) x1[v] = x;
                y1[v] = y;
            }
            sum[v] += value;
            sx[v] += x;
            sy[v] += y;
        }
        List<MeasuredObject> objects = new ArrayList<>(labels.count());
        for (int v = 1; v < n; v++) {
            if (area[v] == 0) continue;
            double a = area[v];
            objects.add(new MeasuredObject(plane, v, area[v], sum[v] / a, min[v], max[v], sx[v] / a + 0.5, sy[v] / a + 0.5, x0[v], y0[v],
                    x1[v] - x0[v] + 1, y1[v] - y0[v] + 1, ObjectOutline.trace(lab, w, labels.height(), v, first[v])));
        }
        return objects;
    }
}
