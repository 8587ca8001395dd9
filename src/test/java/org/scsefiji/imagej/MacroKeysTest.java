package org.scsefiji.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ij.Macro;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Option;

/**
 * ImageJ's Macro.getValue finds "key=" anywhere it is not preceded by a letter, so a key that ends
 * another key after '_' (size in tile_size) would read the other's value. No scSE key may do that.
 */
class MacroKeysTest {
    static final Map<String, List<Option>> ACTIONS = new LinkedHashMap<>();

    static {
        for (Operation op : Operations.FIJI) ACTIONS.put(op.title(), op.options());
    }

    @Test
    void noKeyEndsAnotherKey() {
        Set<String> all = new TreeSet<>();
        ACTIONS.values().forEach(list -> list.forEach(o -> all.add(o.key())));
        for (String a : all) {
            for (String b : all) {
                if (a.equals(b)) continue;
                int at = b.indexOf(a);
                boolean clash = at > 0 && !Character.isLetter(b.charAt(at - 1)) && b.startsWith(a, at);
                assertFalse(clash, "key " + a + " is found inside key " + b);
            }
        }
    }

    @Test
    void imageJReadsEveryKeyOfEveryActionWhateverTheOrder() {
        for (Map.Entry<String, List<Option>> action : ACTIONS.entrySet()) {
            List<Option> options = action.getValue();
            assertEquals(options.size(), options.stream().map(Option::key).distinct().count(), action.getKey() + ": keys are unique");
            StringBuilder forward = new StringBuilder(), backward = new StringBuilder();
            for (int i = 0; i < options.size(); i++) {
                forward.append(options.get(i).key()).append("=v").append(i).append(' ');
                int j = options.size() - 1 - i;
                backward.append(options.get(j).key()).append("=v").append(j).append(' ');
            }
            for (int i = 0; i < options.size(); i++) {
                String key = options.get(i).key();
                assertEquals("v" + i, Macro.getValue(forward.toString(), key, null), action.getKey() + " " + key);
                assertEquals("v" + i, Macro.getValue(backward.toString(), key, null), action.getKey() + " " + key);
            }
        }
    }
}
