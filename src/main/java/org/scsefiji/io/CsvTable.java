package org.scsefiji.io;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A table written as CSV: a header row of column names (with units in them, e.g. {@code thickness_um}), numbers
 * with '.' decimals (9 significant digits), "NaN" for missing values, text quoted where needed. Written atomically.
 */
public final class CsvTable {
    private final List<String> columns;
    private final List<String[]> rows = new ArrayList<>();

    public CsvTable(List<String> columns) {
        if (columns.isEmpty()) throw new IllegalArgumentException("A table needs columns");
        this.columns = List.copyOf(columns);
    }

    /** Adds a row: Numbers (Double/Float to 9 significant digits, integers as they are) and Strings (null: empty). */
    public CsvTable add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("Row of " + values.length + " values for " + columns.size() + " columns " + columns);
        }
        String[] row = new String[values.length];
        for (int i = 0; i < values.length; i++) row[i] = format(values[i]);
        rows.add(row);
        return this;
    }

    public List<String> columns() {
        return columns;
    }

    public int rowCount() {
        return rows.size();
    }

    /** The formatted cell. */
    public String cell(int row, String column) {
        int c = columns.indexOf(column);
        if (c < 0) throw new IllegalArgumentException("No column '" + column + "' in " + columns);
        return rows.get(row)[c];
    }

    static String format(Object v) {
        if (v == null) return "";
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) return "NaN";
            if (Double.isInfinite(d)) return d > 0 ? "Inf" : "-Inf";
            if (d == 0) return "0";
            // 9 significant digits: small areas and volumes (mm2, mm3) keep their precision, no exponents
            return new BigDecimal(d).round(new MathContext(9)).stripTrailingZeros().toPlainString();
        }
        if (v instanceof Number) return v.toString();
        String s = v.toString();
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    public void write(Appendable out) throws IOException {
        out.append(String.join(",", columns)).append('\n');
        for (String[] row : rows) out.append(String.join(",", row)).append('\n');
    }

    /** Writes the table to {@code file} whole or not at all (see {@link AtomicFiles}), creating the folder. */
    public void write(Path file) throws IOException {
        AtomicFiles.writeText(file, w -> write(w));
    }
}
