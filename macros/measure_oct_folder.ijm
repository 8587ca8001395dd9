// scSE-Fiji: Heidelberg OCT .vol files in, layer thickness tables and thickness maps out.
// EDIT the lines marked "EDIT": the OCT model, the folder of .vol files and the folder for the results.
// 1. Segment Folder segments every .vol file (one label slice per B-scan, calibrated): results/labels/X_labels.tif.
// 2. Measure OCT Layers measures them with the scan geometry, eye and vendor boundaries of X.vol:
//    results/measurements/X_ascans.csv, X_bscans.csv (per B-scan mean/SD thickness per layer, fluid area),
//    X_summary.csv (with the vendor comparison), and for a volume X_etdrs.csv (ETDRS sectors: mean thickness
//    and volume) and X_thickness_maps.tif (en-face maps, um); X_thickness_map.png is the retina's map with
//    the colour bar and the ETDRS grid drawn in.
model = "oct-retinal-layers";              // EDIT
input_directory = "/path/to/vol-files";    // EDIT
output_directory = "/path/to/results";     // EDIT
device = "auto";                           // auto, cpu or gpu

// Or give the values as the macro argument, e.g.
//   ImageJ -batch measure_oct_folder.ijm "input_directory=[/data/vol] output_directory=[/data/out]"
model = option("model", model);
input_directory = option("input_directory", input_directory);
output_directory = option("output_directory", output_directory);
device = option("device", device);
labels = output_directory + File.separator + "labels";
measurements = output_directory + File.separator + "measurements";

setBatchMode(true);
run("Segment Folder", "model=[" + model + "] device=" + device + " input_directory=[" + input_directory + "]"
    + " output_directory=[" + labels + "] file_filter=[*.vol] overlay=none");
before = nImages;
run("Measure OCT Layers", "labels_directory=[" + labels + "] image=[" + input_directory + "]"
    + " output_directory=[" + measurements + "] plot=false maps=true");
// the thickness maps Measure OCT Layers opened: the retina's map (slice 1) with colour bar and grid, as PNG
for (i = nImages; i > before; i--) {
    selectImage(i);
    title = getTitle();
    if (endsWith(title, "_thickness_maps")) {
        setSlice(1);
        run("Flatten", "slice");
        saveAs("PNG", measurements + File.separator + replace(title, "_thickness_maps", "_thickness_map") + ".png");
        close();
    }
}
print("Measure OCT folder macro finished; results in " + measurements);

// The value of key in the macro argument ("key=value key2=[value with spaces]"), or the default.
function option(key, fallback) {
    arg = getArgument();
    if (arg == "") return fallback;
    return call("ij.Macro.getValue", arg, key, fallback);
}
