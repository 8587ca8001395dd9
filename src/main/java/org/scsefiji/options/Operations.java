package org.scsefiji.options;

import static org.scsefiji.options.Option.bool;
import static org.scsefiji.options.Option.choice;
import static org.scsefiji.options.Option.folder;
import static org.scsefiji.options.Option.integer;
import static org.scsefiji.options.Option.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of every operation, one line per option. This is where an option is added: add its line
 * to the operation here (training options: to {@link TrainingOptions#ALL}), and the command line takes
 * it as {@code --its-key}, the ImageJ 1 entry point reads it from macros, and the test
 * {@code CommandOptionsTest} asks for the matching field in the Fiji command ({@code public <type>
 * its_key = <default>;} with {@code @Parameter}) and {@code ReadmeMacroKeysTest} for its row in the README.
 */
public final class Operations {
    private Operations() {
    }

    /** How class regions are drawn on the image: "none" draws nothing. */
    public static final List<String> OVERLAY_STYLES = List.of("outline", "fill", "none");
    /** File name patterns of every image format ImageJ opens by itself, and Heidelberg OCT exports (.vol). */
    public static final String IMAGE_PATTERNS = "*.tif,*.tiff,*.png,*.jpg,*.jpeg,*.gif,*.bmp,*.pgm,*.dcm,*.vol";

    static final Option MODEL = Option.model("installed model name, or the path of a model file").required();
    static final Option DEVICE = TrainingOptions.DEVICE;
    static final Option TILE_SIZE = integer("tile_size", 0, 0, 1 << 15, "tile side in pixels, 0 = chosen from memory").aliases("tile");
    static final Option PROBABILITIES = bool("probabilities", false, "per-class probability maps");
    static final Option ATTENTION_MAPS = bool("attention_maps", false, "spatial attention (sSE) maps").aliases("attention");
    static final Option PIXEL_WIDTH = Option.number("pixel_width", 0, 0, 1e6, "micrometres per pixel across (x); 0 = the image's"
            + " calibration. When the model knows its training pixel size, images are resampled to it");
    static final Option PIXEL_DEPTH = Option.number("pixel_depth", 0, 0, 1e6, "micrometres per pixel in depth (y); 0 = the image's"
            + " calibration; give both or neither");
    static final Option OBJECT_DIAMETER = Option.number("object_diameter", 0, 0, 1e5, "typical diameter of the objects (nuclei) in"
            + " pixels; 0 = as trained. For models that declare their training objects' diameter (nuclei: 17): each image is"
            + " rescaled so that its objects have that size, and the results are mapped back");
    static final Option POSTPROCESSING = choice("postprocessing", "model", List.of("model", "none", "retina_anatomy"),
            "model = what the model declares; none = raw labels; retina_anatomy = the OCT layer order, also for models that do"
            + " not declare it");
    static final Option FLIP_AVERAGE = bool("flip_average", false, "average the probabilities of each image and its left-right"
            + " mirror (two forward passes)");
    static final Option FLIP_VERTICAL = bool("flip_vertical", false, "average the probabilities of each image and its upside-down"
            + " flip (two forward passes; with flip_average all four flips, four passes). For images without an up and down,"
            + " such as nuclei; not for OCT");
    static final Option OVERLAY = choice("overlay", "outline", OVERLAY_STYLES, "class overlay on the image (none, outline or fill)");

    /** Segment Image (Fiji): the active image. */
    public static final Operation SEGMENT = new Operation("segment_image", "Segment Image", List.of(MODEL, DEVICE, TILE_SIZE,
            bool("label_image", true, "show the label image"),
            OVERLAY,
            bool("roi_manager", false, "add the class ROIs to the ROI Manager"),
            bool("instances", true, "for models that split objects (e.g. nuclei; ignored for others): the 16-bit instance image,"
                    + " one ROI per object in the ROI Manager (emptied first), the 'scSE objects' table and a row in 'scSE summary'"),
            PROBABILITIES, ATTENTION_MAPS, PIXEL_WIDTH, PIXEL_DEPTH, OBJECT_DIAMETER, POSTPROCESSING, FLIP_AVERAGE, FLIP_VERTICAL));

    /** Segment Folder (Fiji) and {@code segment} (command line): image files into label TIFFs. */
    public static final Operation SEGMENT_FOLDER = new Operation("segment", "Segment Folder", List.of(MODEL, DEVICE, TILE_SIZE,
            integer("tile_batch", 0, 0, 4096, "tiles per forward pass, 0 = as memory allows").aliases("batch"),
            folder("input_directory", "folder of images to segment (the command line also takes a single image file)").required()
                    .aliases("input"),
            folder("output_directory", "folder for the results (X_labels.tif, ...); created if missing; not the input folder").required()
                    .aliases("output"),
            text("file_filter", IMAGE_PATTERNS, "file name patterns, separated by commas"),
            OVERLAY.withDefault("outline", "class overlay on the label images, and X_overlay.tif, the image with it (none, outline or fill)"),
            bool("instances", false, "split into objects (models that declare it, e.g. nuclei): X_instances.tif, X_objects.csv, summary.csv"),
            PROBABILITIES, ATTENTION_MAPS,
            bool("overwrite", false, "segment again images whose label image exists (else they are skipped)"),
            PIXEL_WIDTH, PIXEL_DEPTH, OBJECT_DIAMETER, POSTPROCESSING, FLIP_AVERAGE, FLIP_VERTICAL));

    /** Evaluate Model (Fiji) and {@code evaluate} (command line). */
    public static final Operation EVALUATE = new Operation("evaluate", "Evaluate Model", List.of(MODEL,
            folder("input_directory", "folder of images").required().aliases("images"),
            folder("labels_directory", "folder of label images, X.tif or X_labels.tif for image X; empty = input_directory").aliases("labels"),
            Option.file("output_file", "CSV file for the per-class Dice (and NAME_per_image.csv); empty = only the log").aliases("csv"),
            DEVICE, TILE_SIZE,
            bool("held_out", false, "score only the images the model held out for validation (named in the model file)"),
            POSTPROCESSING, FLIP_AVERAGE, FLIP_VERTICAL));

    /** Model Info (Fiji). */
    public static final Operation INFO = new Operation("info", "Model Info", List.of(MODEL));

    /** Train Model (Fiji): a selection of {@link TrainingOptions#ALL}, the rest through training_options. */
    public static final Operation TRAIN = training("train_model", "Train Model", List.of(
            "input_directory", "labels_directory", "save_as", "architecture", "se_block", "aggregation", "positions", "reduction",
            "features", "classes", "class_names", "epochs=30", "batch_size", "learning_rate=0.01", "validation_fraction", "device",
            "overwrite"));

    /** Fine-tune Model (Fiji). */
    public static final Operation FINE_TUNE = training("fine_tune_model", "Fine-tune Model", List.of(
            "model", "input_directory", "labels_directory", "save_as", "classes", "class_names", "freeze_encoder", "epochs=10",
            "batch_size", "learning_rate=0.001", "validation_fraction", "device", "overwrite"));

    /** {@code measure} (command line): OCT layer thickness, fluid and ETDRS tables from label images. */
    public static final Operation MEASURE = new Operation("measure", "Measure OCT Layers", List.of(
            folder("labels_directory", "a label image (X_labels.tif from segment) or a folder of them").required().aliases("labels"),
            folder("output_directory", "where the CSV tables and thickness maps go; created if missing").required().aliases("output"),
            Option.file("vol_file", "the Heidelberg .vol file the labels came from, or a folder holding X.vol for each X_labels.tif: its"
                    + " B-scan positions, eye and vendor ILM/BM are used; empty = the label image's own calibration, B-scans evenly spaced").aliases("image"),
            choice("eye", "unknown", List.of("unknown", "OD", "OS"), "OD or OS when no .vol file says it (decides nasal/temporal in the"
                    + " ETDRS grid)"),
            text("fovea", "", "ETDRS centre X,Y in mm on the SLO image; empty = the thinnest retina near the scan centre")));

    /**
     * Measure OCT Layers (Fiji): {@link #MEASURE} with the active label image when no labels are given, no files
     * unless an output folder is, and the Fiji views (thickness profile plot, en-face maps with the ETDRS grid).
     */
    public static final Operation MEASURE_LAYERS = new Operation("measure_layers", MEASURE.title(), List.of(
            MEASURE.option("labels_directory").optional("a label image file (X_labels.tif) or a folder of them; empty = the active"
                    + " label image"),
            MEASURE.option("vol_file"), MEASURE.option("eye"), MEASURE.option("fovea"),
            MEASURE.option("output_directory").optional("where the CSV tables and thickness maps go; empty = only the tables and"
                    + " images in Fiji"),
            bool("plot", true, "thickness profile plot (um against mm across, one curve per layer) of the current B-scan"),
            bool("thickness_maps", true, "en-face thickness maps of a volume (colour bar, ETDRS grid overlay)")));

    /** The two pixel-value choices of {@link #IMPORT_VOL}: the first is what the shipped OCT model was trained on. */
    public static final List<String> VOL_PIXELS = List.of("8-bit (Heyex display v^0.25)", "32-bit raw reflectivity");

    /** File &gt; Import &gt; Heidelberg OCT (.vol)... (Fiji and ImageJ 1). */
    public static final Operation IMPORT_VOL = new Operation("import_vol", "Heidelberg OCT (.vol)...", List.of(
            Option.file("open", "the Heidelberg .vol file").required(),
            choice("pixels", VOL_PIXELS.get(0), VOL_PIXELS, "pixel values: 8-bit as Heyex displays them (what the OCT model was"
                    + " trained on) or the raw reflectivity"),
            bool("slo", true, "open the SLO fundus image as a second image"),
            bool("boundaries", true, "the vendor's ILM, BM and RNFL boundaries as an overlay (polylines on each B-scan)"),
            bool("patient_id", false, "put the patient ID and date of birth in the image info"))).inMenu("File>Import");

    /** Export to BioImage Model Zoo (Fiji) and {@code export} (command line): a model as a bioimage.io package (ONNX weights + rdf.yaml). */
    public static final Operation EXPORT = new Operation("export", "Export to BioImage Model Zoo", List.of(MODEL, DEVICE,
            choice("format", "bioimageio", List.of("bioimageio"), "package format (bioimageio: the BioImage Model Zoo's)"),
            Option.file("output_file", "the package .zip to write").required().aliases("out"),
            Option.file("test_image", "image for the package's test tensors and cover; empty = synthetic blobs"),
            integer("test_size", 256, 1, 1 << 16, "test tensor: the image's centre, at most this many pixels per side (at least"
                    + " the network's minimum input size)"),
            bool("whole_slice", false, "a graph that mirrors its own border and squeezes over the image only: an image given whole"
                    + " segments exactly as scSE-Fiji segments it (costs the halo's extra pixels)"),
            text("package_name", "", "model name in the package; empty = the model file's name").aliases("name"),
            text("authors", "scSE-Fiji", "comma-separated author names"),
            text("license", "CC-BY-4.0", "SPDX licence of the weights"),
            bool("overwrite", false, "replace output_file when it exists (else the export stops)")));

    /** The Fiji operations, in menu order. */
    public static final List<Operation> FIJI = List.of(SEGMENT, SEGMENT_FOLDER, TRAIN, FINE_TUNE, EVALUATE, INFO, MEASURE_LAYERS,
            EXPORT, IMPORT_VOL);

    /** The free-text option of the Fiji training commands for every training option without a field. */
    public static final String TRAINING_OPTIONS = "training_options";

    /**
     * A Fiji training operation: the training options named (each {@code key} or {@code key=default}), in
     * that order, then {@code training_options}. {@code model} is required when selected.
     */
    private static Operation training(String name, String title, List<String> keys) {
        List<Option> options = new ArrayList<>();
        for (String k : keys) {
            String key = k.contains("=") ? k.substring(0, k.indexOf('=')) : k;
            Option o = TrainingOptions.OPERATION.option(key);
            if (k.contains("=")) o = o.withDefault(k.substring(k.indexOf('=') + 1), o.help());
            if (key.equals("model")) o = o.withDefault("", "the model to start from: installed model name or model file").required();
            options.add(o);
        }
        options.add(text(TRAINING_OPTIONS, "", "more training options as key=value, e.g. patience=5 loss=dice"));
        return new Operation(name, title, options);
    }
}
