package org.scsefiji.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The text form of macro options, {@code key=value key=[value with spaces] flag}, as ImageJ 1 reads and records it. */
public final class MacroText {
    private MacroText() {
    }

    /** Splits options into {key, value} ({key, null} for a bare word); a '[' value ends at its matching ']'. */
    public static List<String[]> tokens(String text) {
        List<String[]> out = new ArrayList<>();
        String s = text == null ? "" : text;
        int i = 0;
        while (i < s.length()) {
            if (Character.isWhitespace(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < s.length() && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) i++;
            String key = s.substring(start, i);
            String value = null;
            if (i < s.length() && s.charAt(i) == '=') {
                i++;
                if (i < s.length() && s.charAt(i) == '[') {
                    int depth = 1, from = ++i;
                    while (i < s.length() && depth > 0) {
                        if (s.charAt(i) == '[') depth++;
                        else if (s.charAt(i) == ']') depth--;
                        i++;
                    }
                    if (depth > 0) throw new IllegalArgumentException("The value of " + key + " opens '[' but never closes it with ']'");
                    value = s.substring(from, i - 1);
                } else {
                    int from = i;
                    while (i < s.length() && !Character.isWhitespace(s.charAt(i))) i++;
                    value = s.substring(from, i);
                }
            }
            if (key.isEmpty()) throw new IllegalArgumentException("Macro options have a value without a key near '" + s.substring(start) + "'");
            out.add(new String[] {key, value});
        }
        return out;
    }

    /** Free key=value text (e.g. training_options) as an ordered map; a bare word means "true"; a repeated key is an error. */
    public static Map<String, String> pairs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] t : tokens(text)) {
            if (out.put(t[0], t[1] == null ? "true" : t[1]) != null) throw new IllegalArgumentException("Option " + t[0] + " is given twice");
        }
        return out;
    }

    /** A value as a macro writes it: in [...] when empty or holding spaces or brackets. */
    public static String quote(String value) {
        return value.isEmpty() || value.matches(".*[\\s\\[\\]].*") ? "[" + value + "]" : value;
    }

    /** A macro line {@code run("command", "options");} with the quotes and backslashes escaped. */
    public static String call(String command, String options) {
        return "run(\"" + command + "\", \"" + options.replace("\\", "\\\\").replace("\"", "\\\"") + "\");";
    }
}
