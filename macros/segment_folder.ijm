// scSE-Fiji: segment every image of a folder with a model.
// EDIT the lines marked "EDIT" below: the model (an installed model's name, as listed in
// Plugins > scSE > Segment Image, or the path of a .scse file), the folder of images, the folder
// for the results, and which files to take.
// For each image X the results folder gets X_labels.tif (class ids with class colours and names,
// and a coloured outline per class) and X_overlay.tif (the image with the same outlines). Images whose X_labels.tif
// already exists are skipped, so you can stop the macro and run it again later. A file that
// cannot be read or segmented is reported in the Log and the other images are still segmented.
model = "nuclei";                          // EDIT
input_directory = "/path/to/images";       // EDIT
output_directory = "/path/to/results";     // EDIT
file_filter = "*.tif,*.tiff,*.png";        // EDIT: file name patterns, separated by commas
overlay = "outline";                       // outline, fill or none (none: no X_overlay.tif)
device = "auto";                           // auto, cpu or gpu

// Instead of editing, the values can also be given as the macro argument, e.g.
//   ImageJ -batch segment_folder.ijm "model=[nuclei] input_directory=[/data/in] output_directory=[/data/out]"
model = option("model", model);
input_directory = option("input_directory", input_directory);
output_directory = option("output_directory", output_directory);
file_filter = option("file_filter", file_filter);
overlay = option("overlay", overlay);
device = option("device", device);

run("Segment Folder", "model=[" + model + "] device=" + device + " tile_size=0"
    + " input_directory=[" + input_directory + "] output_directory=[" + output_directory + "]"
    + " file_filter=[" + file_filter + "] overlay=" + overlay);
print("Segment folder macro finished; results in " + output_directory);

// The value of key in the macro argument ("key=value key2=[value with spaces]"), or the default.
function option(key, fallback) {
    arg = getArgument();
    if (arg == "") return fallback;
    return call("ij.Macro.getValue", arg, key, fallback);
}
