// scSE-Fiji: measure how well a model segments a folder of labelled images.
// EDIT the lines marked "EDIT" below: the model (an installed model's name or the path of a .scse
// file), the folder of images, the folder of their label images (same file names, or X_labels.tif)
// and the CSV file to write.
// The CSV has one row per class: class,name,dice,truth_pixels,predicted_pixels (Dice 1 = perfect).
// A second file, <name>_per_image.csv, has the scores of every image. An image that cannot be
// read, or whose label image does not fit it, is reported in the Log and in that file; the others
// are still scored.
model = "nuclei";                          // EDIT
input_directory = "/path/to/images";       // EDIT
labels_directory = "/path/to/labels";      // EDIT (empty "": X_labels.tif next to each image)
output_file = "/path/to/dice.csv";         // EDIT
device = "auto";                           // auto, cpu or gpu

// Instead of editing, the values can also be given as the macro argument, e.g.
//   ImageJ -batch evaluate_model.ijm "model=[nuclei] input_directory=[/data/img] labels_directory=[/data/lab] output_file=[/data/dice.csv]"
model = option("model", model);
input_directory = option("input_directory", input_directory);
labels_directory = option("labels_directory", labels_directory);
output_file = option("output_file", output_file);
device = option("device", device);

run("Evaluate Model", "model=[" + model + "] input_directory=[" + input_directory + "]"
    + " labels_directory=[" + labels_directory + "] output_file=[" + output_file + "] device=" + device + " tile_size=0");
print("Evaluate model macro finished: " + output_file);

// The value of key in the macro argument ("key=value key2=[value with spaces]"), or the default.
function option(key, fallback) {
    arg = getArgument();
    if (arg == "") return fallback;
    return call("ij.Macro.getValue", arg, key, fallback);
}
