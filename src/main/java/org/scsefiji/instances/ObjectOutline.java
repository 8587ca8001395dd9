package org.scsefiji.instances;

/**
 * The outer boundary of one 4-connected object as a polygon through pixel corners (ImageJ's traced ROI:
 * vertex (x, y) is the top-left corner of pixel (x, y)), clockwise on screen, one vertex per change of
 * direction. Traced from the object's first pixel (x fastest) with the object on the right-hand side; a
 * pixel touching the object only diagonally is outside, as 4-connectivity says.
 */
public final class ObjectOutline {
    // directions east, south, west, north (y grows downwards)
    private static final int[] DX = {1, 0, -1, 0};
    private static final int[] DY = {0, 1, 0, -1};

    private final int[] xs;
    private final int[] ys;

    private ObjectOutline(int[] xs, int[] ys) {
        this.xs = xs;
        this.ys = ys;
    }

    /** The outline of object {@code id} whose first pixel (x fastest) is {@code first}. */
    public static ObjectOutline trace(int[] labels, int width, int height, int id, int first) {
        int x0 = first % width;
        int y0 = first / width;
        IntList vx = new IntList();
        IntList vy = new IntList();
        vx.add(x0);
        vy.add(y0);
        int cx = x0;
        int cy = y0;
        int d = 0;
        while (true) {
            cx += DX[d];
            cy += DY[d];
            int turn;
            // the two pixels ahead of corner (cx, cy) in direction d: on the left and on the right of the next edge
            boolean right = inside(labels, width, height, id, cx + rightX(d), cy + rightY(d));
            boolean left = inside(labels, width, height, id, cx + leftX(d), cy + leftY(d));
            if (!right) turn = 1;
            else if (left) turn = 3;
            else turn = 0;
            int nd = (d + turn) & 3;
            if (cx == x0 && cy == y0 && nd == 0) break;
            if (nd != d) {
                vx.add(cx);
                vy.add(cy);
            }
            d = nd;
        }
        return new ObjectOutline(vx.toArray(), vy.toArray());
    }

    // For direction d at corner (cx, cy), the pixel ahead on the right is (cx + rightX, cy + rightY).
    private static int rightX(int d) {
        return d == 0 ? 0 : d == 1 ? -1 : d == 2 ? -1 : 0;
    }

    private static int rightY(int d) {
        return d == 0 ? 0 : d == 1 ? 0 : d == 2 ? -1 : -1;
    }

    private static int leftX(int d) {
        return d == 0 ? 0 : d == 1 ? 0 : d == 2 ? -1 : -1;
    }

    private static int leftY(int d) {
        return d == 0 ? -1 : d == 1 ? 0 : d == 2 ? 0 : -1;
    }

    private static boolean inside(int[] labels, int width, int height, int id, int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height && labels[y * width + x] == id;
    }

    /** Vertex x coordinates (pixel corners). */
    public int[] xs() {
        return xs.clone();
    }

    /** Vertex y coordinates (pixel corners). */
    public int[] ys() {
        return ys.clone();
    }

    public int vertexCount() {
        return xs.length;
    }

    /**
     * ImageJ's perimeter of a traced ROI (PolygonRoi.getTracedPerimeter): the length of the boundary with
     * each corner cut by 2 - sqrt(2) (a staircase of single-pixel steps counts about as a diagonal), so
     * that Fiji's Measure of the ROI gives the same number.
     */
    public double perimeter() {
        int n = xs.length;
        int sumdx = 0;
        int sumdy = 0;
        int corners = 0;
        int dx1 = xs[0] - xs[n - 1];
        int dy1 = ys[0] - ys[n - 1];
        int side1 = Math.abs(dx1) + Math.abs(dy1);
        boolean corner = false;
        for (int i = 0; i < n; i++) {
            int next = i + 1 == n ? 0 : i + 1;
            int dx2 = xs[next] - xs[i];
            int dy2 = ys[next] - ys[i];
            sumdx += Math.abs(dx1);
            sumdy += Math.abs(dy1);
            int side2 = Math.abs(dx2) + Math.abs(dy2);
            if (side1 > 1 || !corner) {
                corner = true;
                corners++;
            } else {
                corner = false;
            }
            dx1 = dx2;
            dy1 = dy2;
            side1 = side2;
        }
        return sumdx + sumdy - corners * (2.0 - Math.sqrt(2.0));
    }

    /** A growable int array (no boxing). */
    private static final class IntList {
        private int[] a = new int[16];
        private int n;

        void add(int v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
