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
import org.scijava.module.ModuleRunner;
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
 * reads {@code Macro.getValue(options, fieldName, null)}, converted by the ConvertService when it can
 * be; the one ImagePlus input gets the active image; and {@code Macro.getOptions()} answers the options
 * on the module's thread, where the command reads and checks them itself.
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
        for (ModuleItem<?> input : info.inputs()) {
            Class<?> type = input.getType();
            if (Service.class.isAssignableFrom(type) || Context.class.isAssignableFrom(type)) continue;
            if (type == ImagePlus.class) {
                inputs.put(input.getName(), active);
                continue;
            }
            String value = Macro.getValue(options, input.getName(), null);
            if (value == null || !convert.supports(value, type)) continue;
            Object converted = convert.convert(value, type);
            if (converted != null) inputs.put(input.getName(), converted);
        }
        // DynamicCommands are their own modules: CommandService.run returns null for them, ModuleService.run does not.
        // Fiji's pre- and postprocessors except the persistence pair: a fresh profile, and no test writes user preferences.
        PluginService plugins = context.service(PluginService.class);
        List<PreprocessorPlugin> pre = plugins.createInstancesOfType(PreprocessorPlugin.class);
        pre.removeIf(p -> p instanceof LoadInputsPreprocessor || p instanceof SaveInputsPreprocessor);
        List<PostprocessorPlugin> post = plugins.createInstancesOfType(PostprocessorPlugin.class);
        // On this thread, named and given the options as ImageJ 1 does for run("...", options): the command reads
        // Macro.getOptions() as it does in Fiji, where MacroPreprocessor reads it on the module's thread too.
        ModuleService modules = context.service(ModuleService.class);
        Module module = modules.createModule(info);
        inputs.forEach(module::setInput);
        inputs.keySet().forEach(module::resolveInput);
        Thread thread = Thread.currentThread();
        String name = thread.getName();
        try {
            thread.setName("Run$_" + name);
            Macro.setOptions(options);
            new ModuleRunner(context, module, pre, post).run();
        } finally {
            Macro.setOptions(null);
            thread.setName(name);
        }
        return command.cast(module.getDelegateObject());
    }
}
