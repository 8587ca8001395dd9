package org.scsefiji.imagej.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ij.ImagePlus;
import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;
import org.scsefiji.imagej.EvaluateModelAction;
import org.scsefiji.imagej.ModelInfoAction;
import org.scsefiji.imagej.ModelTrainingAction;
import org.scsefiji.imagej.Option;
import org.scsefiji.imagej.SegmentFolderAction;
import org.scsefiji.imagej.SegmentImageAction;

/**
 * The SciJava commands and the ImageJ 1 plugins share one option list per action: every command has
 * exactly those inputs (field name = macro key, in the same order), with the same defaults and choices.
 */
class CommandOptionsTest {
    static final Map<Class<? extends Command>, List<Option>> COMMANDS = Map.of(
            SegmentImageCommand.class, SegmentImageAction.OPTIONS,
            SegmentFolderCommand.class, SegmentFolderAction.OPTIONS,
            TrainModelCommand.class, ModelTrainingAction.TRAIN_OPTIONS,
            FineTuneModelCommand.class, ModelTrainingAction.FINE_TUNE_OPTIONS,
            EvaluateModelCommand.class, EvaluateModelAction.OPTIONS,
            ModelInfoCommand.class, ModelInfoAction.OPTIONS);
    private static Context context;

    @BeforeAll
    static void start() {
        context = new Context(CommandService.class);
    }

    @AfterAll
    static void stop() {
        context.dispose();
    }

    @Test
    void commandInputsAreTheActionOptions() throws Exception {
        CommandService cs = context.service(CommandService.class);
        for (Map.Entry<Class<? extends Command>, List<Option>> e : COMMANDS.entrySet()) {
            String name = e.getKey().getSimpleName();
            CommandInfo info = cs.getCommand(e.getKey());
            assertNotNull(info, name + " is indexed");
            assertEquals("Plugins", info.getMenuPath().get(0).getName());
            assertEquals("scSE", info.getMenuPath().get(1).getName());
            List<String> inputs = new ArrayList<>();
            for (ModuleItem<?> in : info.inputs()) {
                Class<?> t = in.getType();
                if (!Service.class.isAssignableFrom(t) && !Context.class.isAssignableFrom(t) && t != ImagePlus.class) inputs.add(in.getName());
            }
            List<String> keys = new ArrayList<>();
            e.getValue().forEach(o -> keys.add(o.key()));
            assertEquals(keys, inputs, name + ": inputs are the action's options, in order");
            Command fresh = e.getKey().getDeclaredConstructor().newInstance();
            for (Option o : e.getValue()) {
                Object value = e.getKey().getField(o.key()).get(fresh);
                String text = value == null ? "" : value instanceof File ? value.toString() : value.toString();
                assertEquals(o.defaultValue(), text, name + "." + o.key() + " default");
                ModuleItem<?> item = info.getInput(o.key());
                if (o.kind() == Option.Kind.CHOICE) {
                    assertEquals(new HashSet<>(o.choices()), new HashSet<>(item.getChoices()), name + "." + o.key() + " choices");
                }
            }
        }
    }
}
