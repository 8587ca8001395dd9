package org.scsefiji.export;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * NumPy's .npy format, version 1.0, for little-endian float32 arrays in C order: the magic string, a
 * header dict padded with spaces to a multiple of 64 bytes, then the values.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private Npy() {
    }

    public static byte[] float32(float[] values, long... shape) {
        if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != values.length) {
            throw new IllegalArgumentException(values.length + " values do not fill shape " + Arrays.toString(shape));
        }
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        if (shape.length == 1) dims += ",";
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }");
        while ((MAGIC.length + 2 + header.length() + 1) % 64 != 0) header.append(' ');
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(values);
        ByteArrayOutputStream out = new ByteArrayOutputStream(MAGIC.length + 2 + h.length + data.capacity());
        out.writeBytes(MAGIC);
        out.write(h.length & 0xff);
        out.write(h.length >> 8);
        out.writeBytes(h);
        out.writeBytes(data.array());
        return out.toByteArray();
    }

    /** A float32 array read back: its shape and values (for checks; only what {@link #float32} writes). */
    public static final class Array {
        public final long[] shape;
        public final float[] values;

        Array(long[] shape, float[] values) {
            this.shape = shape;
            this.values = values;
        }
    }

    public static Array readFloat32(byte[] bytes, String what) {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), Arrays.copyOf(MAGIC, 6))) {
            throw new IllegalArgumentException(what + " is not a .npy file");
        }
        int len = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        String header = new String(bytes, 10, len, StandardCharsets.US_ASCII);
        if (!header.contains("'descr': '<f4'") || header.contains("'fortran_order': True")) {
            throw new IllegalArgumentException(what + " is not a little-endian float32 array in C order: " + header.trim());
        }
        String dims = header.replaceAll("(?s).*'shape': \\(([^)]*)\\).*", "$1");
        long[] shape = Arrays.stream(dims.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        float[] values = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        ByteBuffer.wrap(bytes, 10 + len, 4 * values.length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return new Array(shape, values);
    }
}
