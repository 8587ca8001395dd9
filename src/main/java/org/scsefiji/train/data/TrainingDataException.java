package org.scsefiji.train.data;

import java.io.IOException;
import java.util.List;

/**
 * Training data cannot be used. Every problem is one line that names the file and says what is wrong;
 * all problems found are reported together, before any training starts.
 */
public class TrainingDataException extends IOException {
    private static final int SHOWN = 20;
    private final List<String> problems;

    public TrainingDataException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public TrainingDataException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        if (problems.size() == 1) return "Training data: " + problems.get(0);
        StringBuilder s = new StringBuilder("Training data has " + problems.size() + " problems:");
        for (int i = 0; i < Math.min(SHOWN, problems.size()); i++) s.append("\n- ").append(problems.get(i));
        if (problems.size() > SHOWN) s.append("\n- ... and ").append(problems.size() - SHOWN).append(" more");
        return s.toString();
    }
}
