package org.scsefiji.imagej.commands;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.Macro;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.module.process.LoadInputsPreprocessor;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.module.process.SaveInputsPreprocessor;
import org.scijava.plugin.PluginService;
import org.scijava.service.Service;

/**
 * Runs a SciJava command from a literal macro options string the way Fiji's imagej-legacy does for
 * {@code run("<menu leaf>", options)} (MacroPreprocessor, ActiveImagePlusPreprocessor): each input
 * reads {@code Macro.getValue(options, fieldName, null)}, converted by the ConvertService; an input
 * missing from the line keeps its field default (as in a fresh Fiji profile; Fiji would use the last
 * value, so real macros pass every key); the one ImagePlus input gets the active image.
 */
final class FijiMacro {
    private FijiMacro() {
    }

    static Context context() {
        return new Context(CommandService.class, ConvertService.class);
    }

    static <C extends Command> C run(Context context, Class<C> command, String options, ImagePlus active) throws Exception {
        CommandService cs = context.service(CommandService.class);
        ConvertService convert = context.service(ConvertService.class);
        CommandInfo info = cs.getCommand(command);
        assertNotNull(info, command + " is not in the plugin index, so Fiji would not list it");
        Map<String, Object> inputs = new HashMap<>();
        Set<String> names = StreamSupport.stream(info.inputs().spliterator(), false).map(ModuleItem::getName).collect(Collectors.toSet());
        for (String key : keys(options)) assertTrue(names.contains(key), "macro key " + key + " is no input of " + command.getSimpleName());
        for (ModuleItem<?> input : info.inputs()) {
            Class<?> type = input.getType();
            if (Service.class.isAssignableFrom(type) || Context.class.isAssignableFrom(type)) continue;
            if (type == ImagePlus.class) {
                inputs.put(input.getName(), active);
                continue;
            }
            String value = Macro.getValue(options, input.getName(), null);
            if (value != null) inputs.put(input.getName(), convert.convert(value, type));
        }
        // DynamicCommands are their own modules: CommandService.run returns null for them, ModuleService.run does not.
        // Fiji's pre- and postprocessors except the persistence pair: a fresh profile, and no test writes user preferences.
        PluginService plugins = context.service(PluginService.class);
        List<PreprocessorPlugin> pre = plugins.createInstancesOfType(PreprocessorPlugin.class);
        pre.removeIf(p -> p instanceof LoadInputsPreprocessor || p instanceof SaveInputsPreprocessor);
        List<PostprocessorPlugin> post = plugins.createInstancesOfType(PostprocessorPlugin.class);
        ModuleService modules = context.service(ModuleService.class);
        Module module = modules.run(modules.createModule(info), pre, post, inputs).get();
        return command.cast(module.getDelegateObject());
    }

    /** The keys of a macro options string (key=value or bare key), brackets skipped. */
    private static Set<String> keys(String options) {
        String outside = options.replaceAll("\\[[^\\]]*\\]", "");
        return java.util.Arrays.stream(outside.trim().split("\\s+")).filter(t -> !t.isEmpty())
                .map(t -> t.contains("=") ? t.substring(0, t.indexOf('=')) : t).collect(Collectors.toSet());
    }
}
