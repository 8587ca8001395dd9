package org.scsefiji.imagej.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Option;

/**
 * Every SciJava command has exactly the options of its {@link Operation} as inputs: field name = key,
 * in the same order, with the same type, default, choices, bounds and required flag; its menu entry is
 * the operation's title.
 */
class CommandOptionsTest {
    static final Map<Class<? extends ScseCommand>, Operation> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put(SegmentImageCommand.class, Operations.SEGMENT);
        COMMANDS.put(SegmentFolderCommand.class, Operations.SEGMENT_FOLDER);
        COMMANDS.put(TrainModelCommand.class, Operations.TRAIN);
        COMMANDS.put(FineTuneModelCommand.class, Operations.FINE_TUNE);
        COMMANDS.put(EvaluateModelCommand.class, Operations.EVALUATE);
        COMMANDS.put(ModelInfoCommand.class, Operations.INFO);
        COMMANDS.put(MeasureLayersCommand.class, Operations.MEASURE_LAYERS);
        COMMANDS.put(ImportVolCommand.class, Operations.IMPORT_VOL);
        COMMANDS.put(ExportModelCommand.class, Operations.EXPORT);
    }

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
    void everyFijiOperationHasACommand() {
        assertEquals(new HashSet<>(Operations.FIJI), new HashSet<>(COMMANDS.values()));
    }

    @Test
    void commandInputsAreTheOperationsOptions() throws Exception {
        CommandService cs = context.service(CommandService.class);
        for (Map.Entry<Class<? extends ScseCommand>, Operation> e : COMMANDS.entrySet()) {
            String name = e.getKey().getSimpleName();
            Operation op = e.getValue();
            CommandInfo info = cs.getCommand(e.getKey());
            assertNotNull(info, name + " is indexed");
            List<String> menu = new ArrayList<>();
            info.getMenuPath().forEach(m -> menu.add(m.getName()));
            List<String> expected = new ArrayList<>(List.of(op.menu().split(">")));
            expected.add(op.title());
            assertEquals(expected, menu, name + " menu");
            List<String> inputs = new ArrayList<>();
            for (ModuleItem<?> in : info.inputs()) {
                Class<?> t = in.getType();
                if (!Service.class.isAssignableFrom(t) && !Context.class.isAssignableFrom(t) && t != ImagePlus.class) inputs.add(in.getName());
            }
            assertEquals(op.keys(), inputs, name + ": inputs are the operation's options, in order");
            ScseCommand fresh = e.getKey().getDeclaredConstructor().newInstance();
            assertEquals(op, fresh.operation(), name + " runs its operation");
            for (Option o : op.options()) {
                String what = name + "." + o.key();
                Object value = e.getKey().getField(o.key()).get(fresh);
                assertEquals(o.defaultValue(), text(value, o), what + " default");
                ModuleItem<?> item = info.getInput(o.key());
                assertEquals(expectedType(o), item.getType(), what + " type");
                if (o.type() == Option.Type.CHOICE) assertEquals(o.choices(), item.getChoices(), what + " choices");
                if (o.type() == Option.Type.INTEGER || o.type() == Option.Type.NUMBER) {
                    assertNotNull(item.getMinimumValue(), what + " has min");
                    assertNotNull(item.getMaximumValue(), what + " has max");
                    assertEquals(o.min(), ((Number) item.getMinimumValue()).doubleValue(), what + " min");
                    assertEquals(o.max(), ((Number) item.getMaximumValue()).doubleValue(), what + " max");
                }
                // SciJava would cancel an empty required file input before the command could name what is wrong with the
                // macro line (a misspelt key, say): the command checks required files and folders itself
                boolean file = o.type() == Option.Type.FILE || o.type() == Option.Type.FOLDER;
                if (o.isRequired() && !file) assertTrue(item.isRequired(), what + " is required");
                else if (o.defaultValue().isEmpty()) assertTrue(!item.isRequired(), what + " may be left empty");
                boolean output = o.type() == Option.Type.FOLDER || o.type() == Option.Type.FILE || o.key().equals("save_as");
                if (output) assertTrue(!item.isPersisted(), what + ": a folder or file is never filled in from an earlier run");
            }
        }
    }

    private static Class<?> expectedType(Option o) {
        switch (o.type()) {
            case INTEGER:
                return int.class;
            case NUMBER:
                return double.class;
            case BOOLEAN:
                return boolean.class;
            case FOLDER:
            case FILE:
                return File.class;
            default:
                return String.class;
        }
    }

    private static String text(Object value, Option o) {
        if (value == null) return "";
        if (value instanceof Double) return Double.parseDouble(o.defaultValue()) == (Double) value ? o.defaultValue() : value.toString();
        return value.toString();
    }
}
