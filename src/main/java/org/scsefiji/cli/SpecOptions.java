package org.scsefiji.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.scsefiji.model.ClassPalettes;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.Aggregation;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.Placement;
import org.scsefiji.nn.SeBlockType;
import org.scsefiji.nn.SkipMode;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Option;
import org.scsefiji.options.Settings;
import org.scsefiji.options.TrainingOptions;

/** The network options of {@code summary}: the training options that shape a network, plus the class and channel counts. */
final class SpecOptions {
    static final Operation OPERATION;

    static {
        List<Option> options = new ArrayList<>();
        for (String key : List.of("architecture", "se_block", "aggregation", "positions", "reduction", "skip", "features")) {
            options.add(TrainingOptions.OPERATION.option(key));
        }
        options.add(Option.integer("classes", 0, 0, 65535, "number of classes; 0 = 2, or 10 retinal layers for relaynet"));
        options.add(Option.integer("input_channels", 1, 1, 64, "input channels"));
        OPERATION = new Operation("summary", "Summary", options);
    }

    private SpecOptions() {
    }

    static NetworkSpec.Builder parse(Map<String, String> given) {
        Settings s = Settings.of(OPERATION, given);
        Architecture arch = Architecture.parse(s.choice("architecture"));
        NetworkSpec.Builder b = NetworkSpec.builder()
                .architecture(arch)
                .seBlock(SeBlockType.parse(s.choice("se_block")))
                .aggregation(Aggregation.parse(s.choice("aggregation")))
                .positions(placements(s.text("positions")))
                .reduction(s.integer("reduction"))
                .skip(SkipMode.parse(s.choice("skip")))
                .features(s.integer("features"))
                .inputChannels(s.integer("input_channels"));
        int classes = s.integer("classes") != 0 ? s.integer("classes") : arch == Architecture.RELAYNET ? 10 : 2;
        if (classes < 2) throw new UsageException("Option --classes must be 0 or at least 2, got " + classes);
        b.classes(arch == Architecture.RELAYNET && classes == 10 ? ClassPalettes.retinalLayers() : ClassPalettes.generic(classes));
        return b;
    }

    static List<Placement> placements(String text) {
        List<Placement> list = new ArrayList<>();
        for (String p : text.split(",")) list.add(Placement.parse(p));
        return list;
    }
}
