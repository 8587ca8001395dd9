package org.scsefiji.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.scsefiji.model.ClassPalettes;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.Aggregation;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.Choices;
import org.scsefiji.nn.Placement;
import org.scsefiji.nn.SeBlockType;
import org.scsefiji.nn.SkipMode;

/** The network options shared by the subcommands that build a network (summary, train). */
final class SpecOptions {
    static final Set<String> NAMES = Set.of("arch", "architecture", "se", "se_block", "aggregation", "positions",
            "reduction", "skip", "features", "classes", "input_channels");

    static final String USAGE = ""
            + "  --arch A            " + Choices.choices(Architecture.class) + " (default unet)\n"
            + "  --se S              " + Choices.choices(SeBlockType.class) + " (default scse)\n"
            + "  --aggregation G     " + Choices.choices(Aggregation.class) + " (default max)\n"
            + "  --positions P       P1..P6, or several separated by commas (default P5)\n"
            + "  --reduction R       reduction ratio r (default 2)\n"
            + "  --skip K            recalibrated or uncalibrated (default recalibrated)\n"
            + "  --features F        feature maps per block (default 64)\n"
            + "  --classes K         number of classes (default 2; relaynet 10 with retinal layer names)\n"
            + "  --input-channels C  input channels (default 1)\n";

    private SpecOptions() {
    }

    static NetworkSpec.Builder parse(Arguments a) {
        if (a.has("arch") && a.has("architecture")) throw new UsageException("Give --arch or --architecture, not both");
        if (a.has("se") && a.has("se_block")) throw new UsageException("Give --se or --se-block, not both");
        String archName = a.has("architecture") ? "architecture" : "arch";
        Architecture arch = a.parsed(archName, "unet", Architecture::parse);
        String seName = a.has("se_block") ? "se_block" : "se";
        NetworkSpec.Builder b = NetworkSpec.builder()
                .architecture(arch)
                .seBlock(a.parsed(seName, "scse", SeBlockType::parse))
                .aggregation(a.parsed("aggregation", "max", Aggregation::parse))
                .positions(a.parsed("positions", "P5", SpecOptions::placements))
                .reduction(a.integer("reduction", 2, 1, 1024))
                .skip(a.parsed("skip", "recalibrated", SkipMode::parse))
                .features(a.integer("features", 64, 4, 4096))
                .inputChannels(a.integer("input_channels", 1, 1, 64));
        int defaultClasses = arch == Architecture.RELAYNET ? 10 : 2;
        int classes = a.integer("classes", defaultClasses, 2, 65535);
        b.classes(arch == Architecture.RELAYNET && classes == 10 ? ClassPalettes.retinalLayers() : ClassPalettes.generic(classes));
        return b;
    }

    static List<Placement> placements(String text) {
        List<Placement> list = new ArrayList<>();
        for (String p : text.split(",")) list.add(Placement.parse(p));
        return list;
    }
}
