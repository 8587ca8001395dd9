package org.scsefiji.imagej.commands;

import java.io.File;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scsefiji.export.PackageExport;
import org.scsefiji.imagej.ExportModelAction;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;

/**
 * Plugins &gt; scSE &gt; Export to BioImage Model Zoo: a model as a bioimage.io package (ONNX weights, rdf.yaml, test
 * tensors, cover, model card) that deepImageJ, ilastik, QuPath and the bioimage.io tools run.
 */
@Plugin(type = Command.class, menuPath = "Plugins>scSE>Export to BioImage Model Zoo")
public class ExportModelCommand extends ScseCommand {
    @Parameter(label = "Model", initializer = "initModel", description = "installed model name, or the path of a model file")
    public String model = "";

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"})
    public String device = "auto";

    @Parameter(label = "Format", choices = {"bioimageio"})
    public String format = "bioimageio";

    @Parameter(label = "Package file (.zip)", style = "save", required = false, persist = false)
    public File output_file;

    @Parameter(label = "Test image (empty = synthetic)", style = "open", required = false, persist = false)
    public File test_image;

    @Parameter(label = "Test tensor, at most (pixels per side)", min = "1", max = "65536")
    public int test_size = 256;

    @Parameter(label = "Whole-slice graph (exact for images given whole)")
    public boolean whole_slice = false;

    @Parameter(label = "Name in the package (empty = the model file's)", required = false)
    public String package_name = "";

    @Parameter(label = "Authors (comma-separated)")
    public String authors = "scSE-Fiji";

    @Parameter(label = "Licence (SPDX)")
    public String license = "CC-BY-4.0";

    @Parameter(label = "Overwrite an existing file")
    public boolean overwrite = false;

    /** The last export (not a parameter). */
    public PackageExport.Result result;

    @Override
    protected Operation operation() {
        return Operations.EXPORT;
    }

    @Override
    protected void execute(Settings settings) throws Exception {
        result = null;
        result = ExportModelAction.run(settings);
    }
}
