// scSE-Fiji: train a new segmentation model from a folder of images and a folder of label images.
// EDIT the lines marked "EDIT" below. Label images hold one class id per pixel (0 = background,
// 1, 2, ... = your classes; 255 = not annotated) and have the same file names as their images
// (images/cell1.tif <-> labels/cell1.tif or labels/cell1_labels.tif).
// The model is saved under save_as: a plain name puts it in Fiji's models folder, where
// Plugins > scSE > Segment Image lists it; a full path (ending in .scse) saves it there instead.
// Training shows a window with the loss and Dice per epoch; "Stop and keep best" (or Esc) ends it
// early and keeps the best model so far.
input_directory = "/path/to/images";       // EDIT
labels_directory = "/path/to/labels";      // EDIT (empty "": X_labels.tif next to each image)
save_as = "my model";                      // EDIT
class_names = "background,cell";           // EDIT: one name per class, class 0 first
architecture = "unet";                     // unet, sdnet, fcdensenet, relaynet or focusnetpp
se_block = "scse";                         // none, cse, sse or scse
features = 64;                             // feature maps per block (fewer = smaller, faster, weaker)
epochs = 30;
batch_size = 4;
learning_rate = 0.01;
device = "auto";                           // auto, cpu or gpu
training_options = "";                     // more options, e.g. "patience=5 loss=dice" (see the README)

// Instead of editing, the values can also be given as the macro argument, e.g.
//   ImageJ -batch train_model.ijm "input_directory=[/data/img] labels_directory=[/data/lab] save_as=[cells]"
input_directory = option("input_directory", input_directory);
labels_directory = option("labels_directory", labels_directory);
save_as = option("save_as", save_as);
class_names = option("class_names", class_names);
architecture = option("architecture", architecture);
se_block = option("se_block", se_block);
features = option("features", features);
epochs = option("epochs", epochs);
batch_size = option("batch_size", batch_size);
learning_rate = option("learning_rate", learning_rate);
device = option("device", device);
training_options = option("training_options", training_options);

run("Train Model", "input_directory=[" + input_directory + "] labels_directory=[" + labels_directory + "]"
    + " save_as=[" + save_as + "] architecture=" + architecture + " se_block=" + se_block + " aggregation=max positions=P5"
    + " reduction=2 features=" + features + " classes=0 class_names=[" + class_names + "] epochs=" + epochs
    + " batch_size=" + batch_size + " learning_rate=" + learning_rate + " validation_fraction=0.2 device=" + device
    + " training_options=[" + training_options + "]");
print("Train model macro finished: " + save_as);

// The value of key in the macro argument ("key=value key2=[value with spaces]"), or the default.
function option(key, fallback) {
    arg = getArgument();
    if (arg == "") return fallback;
    return call("ij.Macro.getValue", arg, key, "" + fallback);
}
