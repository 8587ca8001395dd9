#!/usr/bin/env bash
# Runs the ready-made macros of macros/ inside a real ImageJ 1 (Debian's ij.jar under xvfb) against the
# staged plugin jar, on small test data built at run time, and judges success by the files they write:
#   1. segment_folder.ijm on 3 nuclei crops + a truncated TIFF + a text file: 3 label images (with class
#      names) and overlay images, the broken file logged as FAILED and skipped; a second run skips all 3.
#   2. train_model.ijm on 4 crops (2 epochs, 8 features): a model file that holds its recipe.
#   3. evaluate_model.ijm with that model: the per-class Dice CSV and the per-image CSV.
#   4. measure_oct_folder.ijm with the shipped OCT model on the committed eyepy .vol fixture (10 B-scans):
#      label stack, thickness tables and maps (the PNG with colour bar).
# Also "Segment Image" on an open image: label image, probability and attention maps, filled class
# overlay and ROI Manager, saved with saveAs; in batch mode with the shipped nuclei model on its sample,
# the label image saved with saveAs right after the command, a misspelt key that stops the macro, and the
# nuclei as objects: ROI Manager count = rows of the "scSE objects" table = max of the instance image.
#
# Usage: [MACRO_TIMEOUT=seconds] .ci/imagej-macros.sh [STAGE_DIR] [--fiji-core DIR]
#   STAGE_DIR   staged Fiji tree from `mvn -Pupdate-site package` (default target/fiji-stage); its plugins/ and
#               jars/ are made visible to ImageJ 1 as update-site/check-in-imagej.sh explains.
#   Also needs target/scse.jar and target/test-classes (`mvn package` builds both) for the test data.
# Every run is wrapped in `timeout` (an error dialog under xvfb waits forever).
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "imagej-macros: $*" >&2; exit 2; }

STAGE="target/fiji-stage"
FIJI_CORE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --fiji-core) [ $# -ge 2 ] || die "--fiji-core needs a folder"; FIJI_CORE="$2"; shift 2 ;;
    -*) die "unknown option $1" ;;
    *) STAGE="$1"; shift ;;
  esac
done
STAGE="$(cd "$STAGE" 2>/dev/null && pwd)" || die "no staged Fiji tree; run: mvn -Pupdate-site -DskipTests package"
FIJI_CORE="$(cd "${FIJI_CORE:-$STAGE/../fiji-core}" 2>/dev/null && pwd)" || die "no Fiji core stand-ins next to $STAGE"
ls "$FIJI_CORE"/imglib2-*.jar >/dev/null 2>&1 || die "$FIJI_CORE has no imglib2 jar (rebuild with mvn -Pupdate-site package)"
[ -f target/scse.jar ] && [ -d target/test-classes ] || die "target/scse.jar or target/test-classes missing; run mvn package"

IJ_JAR="$(dpkg -L libij-java 2>/dev/null | grep '/ij\.jar$' | head -n 1 || true)"
[ -n "$IJ_JAR" ] && [ -f "$IJ_JAR" ] || die "ImageJ 1 not installed; run: apt-get install -y imagej xvfb xauth"
command -v xvfb-run >/dev/null || die "xvfb-run not found; run: apt-get install -y xvfb xauth"
case "$(uname -m)" in
  x86_64|amd64) PLATFORM=linux64 ;;
  aarch64|arm64) PLATFORM=linux-arm64 ;;
  *) die "no staged natives for $(uname -m)" ;;
esac
ls "$STAGE"/plugins/*_*.jar >/dev/null 2>&1 || die "$STAGE/plugins/ has no plugin jar"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
T="${MACRO_TIMEOUT:-300}"
FAILED=0
fail() { echo "imagej-macros: FAILED: $*" >&2; FAILED=1; }

echo "== test data"
java -Dscse.data.dir="${SCSE_DATA_DIR:-$PWD/../shared/data}" -cp "target/scse.jar:target/test-classes" \
  org.scsefiji.imagej.MacroFixtures "$WORK"

# run_macro NAME LOG ARGUMENT: macros/NAME in ImageJ 1 (-batch: no ImageJ window, IJ.log to standard output).
run_macro() {
  local rc=0
  timeout -k 10 "$((T + 30))" xvfb-run -a timeout -k 10 "$T" java --module-path="$STAGE/jars/$PLATFORM" -Dscse.models.dir="$WORK/models" \
    -cp "$IJ_JAR:$FIJI_CORE/*:$STAGE/jars/$PLATFORM/*" ij.ImageJ -ijpath "$STAGE" -port0 \
    -batch "$PWD/macros/$1" "$3" > "$2" 2>&1 || rc=$?
  [ "$rc" = 124 ] && echo "imagej-macros: $1 timed out after $T s (a dialog was probably waiting)" >&2
  echo "-- $1 (exit $rc), log:"; sed 's/^/   /' "$2" | tail -n 25
}

echo "== segment_folder.ijm (Debian ImageJ $(dpkg-query -W -f='${Version}' libij-java 2>/dev/null))"
OUT="$WORK/segment out"
run_macro segment_folder.ijm "$WORK/segment1.log" "model=[tiny] input_directory=[$WORK/segment_in] output_directory=[$OUT]"
for n in nuclei0 nuclei1 nuclei2; do
  [ -s "$OUT/${n}_labels.tif" ] || fail "segment_folder: $n _labels.tif not written"
  [ -s "$OUT/${n}_overlay.tif" ] || fail "segment_folder: $n _overlay.tif not written"
done
[ -e "$OUT/zz_broken_labels.tif" ] && fail "segment_folder: a label image was written for the broken file"
grep -q "FAILED $WORK/segment_in/zz_broken.tif: the file is cut short" "$WORK/segment1.log" \
  || fail "segment_folder: the broken file is not logged"
grep -q "3 segmented, 0 skipped (already done), 1 failed" "$WORK/segment1.log" || fail "segment_folder: summary missing"
# The overlay image keeps its class ROIs and the labels their names when ImageJ itself opens them.
cat > "$WORK/props.ijm" <<'MACRO'
dir = getArgument();
open(dir + "/nuclei0_labels.tif");
names = replace(Property.get("class_names"), "\n", "|");
bits = bitDepth();
getLut(r, g, b);
getHistogram(values, counts, 256);
expected = 0;
if (counts[1] > 0) expected = 1;
open(dir + "/nuclei0_overlay.tif");
rois = "" + Overlay.size + "/" + expected;
if (Overlay.size > 0) { Overlay.activateSelection(0); rois = rois + " " + selectionName; }
File.saveString("names=" + names + " bits=" + bits + " lut1=" + r[1] + "," + g[1] + "," + b[1] + " rois=" + rois, dir + "/props.txt");
MACRO
timeout -k 10 "$((T + 30))" xvfb-run -a timeout -k 10 "$T" java -cp "$IJ_JAR" ij.ImageJ -port0 \
  -batch "$WORK/props.ijm" "$OUT" > "$WORK/props.log" 2>&1 || true
echo "   opened by ImageJ: $(cat "$OUT/props.txt" 2>/dev/null || echo '(nothing)')"
grep -Eq "^names=background\|nucleus bits=8 lut1=255,0,0 rois=(0/0|1/1 nucleus)$" "$OUT/props.txt" 2>/dev/null \
  || fail "segment_folder: results lost class names or ROIs in ImageJ ($(cat "$OUT/props.txt" 2>/dev/null))"
rm -f "$OUT/props.txt"
run_macro segment_folder.ijm "$WORK/segment2.log" "model=[tiny] input_directory=[$WORK/segment_in] output_directory=[$OUT]"
grep -q "0 segmented, 3 skipped (already done), 1 failed" "$WORK/segment2.log" || fail "segment_folder: second run did not skip"

echo "== Segment Image on an open image (overlay, ROI Manager, maps)"
cat > "$WORK/segment_image.ijm" <<'MACRO'
dir = getArgument();
open(dir + "/segment_in/nuclei0.tif");
id = getImageID();
run("Segment Image", "model=[tiny] device=cpu tile_size=0 label_image=true overlay=fill roi_manager=true probabilities=true attention_maps=true");
result = "images=" + nImages + " manager=" + roiManager("count");
selectImage("nuclei0_probabilities");
result = result + " probability_slices=" + nSlices;
selectImage("nuclei0_labels");
saveAs("Tiff", dir + "/single_labels.tif");
selectImage(id);
result = result + " overlay=" + Overlay.size;
saveAs("Tiff", dir + "/single_overlay.tif");
File.saveString(result, dir + "/single.txt");
MACRO
timeout -k 10 "$((T + 30))" xvfb-run -a timeout -k 10 "$T" java --module-path="$STAGE/jars/$PLATFORM" -Dscse.models.dir="$WORK/models" \
  -cp "$IJ_JAR:$FIJI_CORE/*:$STAGE/jars/$PLATFORM/*" ij.ImageJ -ijpath "$STAGE" -port0 \
  -batch "$WORK/segment_image.ijm" "$WORK" > "$WORK/single.log" 2>&1 || true
echo "   $(cat "$WORK/single.txt" 2>/dev/null || { tail -n 5 "$WORK/single.log"; echo '(no result)'; })"
grep -Eq "^images=4 manager=([01]) probability_slices=2 overlay=\1$" "$WORK/single.txt" 2>/dev/null \
  || fail "segment image: expected image + labels + probabilities + attention and the same ROIs in the overlay and the ROI Manager"
[ -s "$WORK/single_labels.tif" ] && [ -s "$WORK/single_overlay.tif" ] || fail "segment image: results not saved"

echo "== Segment Image in batch mode: save the label image right after the command; a misspelt key stops the macro"
# The shipped nuclei model on its shipped sample. setBatchMode(true) keeps every image off the screen: the label
# image must still be the current image right after run(), so saveAs needs no selectImage. The second macro
# misspells device as devce: the command must refuse it by name and stop the macro before its next line.
cp models/samples/nuclei-00071198d059ba7f.tif "$WORK/sample.tif"
cat > "$WORK/batch_labels.ijm" <<'MACRO'
args = split(getArgument(), "|");
dir = args[0];
setBatchMode(true);
open(dir + "/sample.tif");
run("Segment Image", "model=[" + args[1] + "] device=cpu tile_size=0 label_image=true overlay=none");
saveAs("Tiff", dir + "/batch_labels.tif");
File.saveString("title=" + getTitle() + " bits=" + bitDepth() + " names=" + replace(Property.get("class_names"), "\n", "|"), dir + "/batch.txt");
MACRO
cat > "$WORK/batch_misspelt.ijm" <<'MACRO'
args = split(getArgument(), "|");
dir = args[0];
setBatchMode(true);
open(dir + "/sample.tif");
run("Segment Image", "model=[" + args[1] + "] devce=cpu label_image=true");
File.saveString("the macro went on after a misspelt key", dir + "/misspelt_went_on.txt");
MACRO
for m in batch_labels batch_misspelt; do
  rc=0
  timeout -k 10 "$((T + 30))" xvfb-run -a timeout -k 10 "$T" java --module-path="$STAGE/jars/$PLATFORM" -Dscse.models.dir="$WORK/models" \
    -cp "$IJ_JAR:$FIJI_CORE/*:$STAGE/jars/$PLATFORM/*" ij.ImageJ -ijpath "$STAGE" -port0 \
    -batch "$WORK/$m.ijm" "$WORK|$PWD/models/nuclei.scse" > "$WORK/$m.log" 2>&1 || rc=$?
  echo "-- $m (exit $rc), log:"; sed 's/^/   /' "$WORK/$m.log" | tail -n 8
done
echo "   saved: $(cat "$WORK/batch.txt" 2>/dev/null || echo '(nothing)')"
[ -s "$WORK/batch_labels.tif" ] || fail "batch mode: the label image was not saved right after Segment Image"
grep -Eq "^title=batch_labels.tif bits=8 names=background\|nucleus\|outline$" "$WORK/batch.txt" 2>/dev/null \
  || fail "batch mode: what was saved is not the label image ($(cat "$WORK/batch.txt" 2>/dev/null))"
[ -e "$WORK/misspelt_went_on.txt" ] && fail "batch mode: the macro went on after a misspelt key"
grep -q "devce" "$WORK/batch_misspelt.log" || fail "batch mode: the misspelt key devce is not named in the log"

echo "== Segment Image objects in batch mode: one ROI per nucleus, one table row per nucleus, as many as the instance image holds"
# The shipped nuclei model declares instances, so the default instances=true gives the instance image, the ROI Manager
# (the hidden batch-mode one that roiManager() reads) and the tables. Counted three ways, which must agree: ROIs,
# rows of "scSE objects", the largest id of the instance image; the table's areas add up to the instance image's
# object pixels, and "scSE summary" has one row per segmented image.
cat > "$WORK/batch_objects.ijm" <<'MACRO'
args = split(getArgument(), "|");
dir = args[0];
setBatchMode(true);
open(dir + "/sample.tif");
sample = getImageID();
roiManager("reset");
run("Segment Image", "model=[" + args[1] + "] device=cpu tile_size=0 label_image=true overlay=none");
rois = roiManager("count");
first = call("ij.plugin.frame.RoiManager.getName", "0");
last = call("ij.plugin.frame.RoiManager.getName", "" + (rois - 1));
selectImage("sample_instances");
bits = bitDepth();
getRawStatistics(n, mean, min, max);
getHistogram(values, counts, 65536);
pixels = 0;
for (i = 1; i < 65536; i++) pixels += counts[i];
rows = Table.size("scSE objects");
area = 0;
for (i = 0; i < rows; i++) area += Table.get("area_px", i, "scSE objects");
lastLabel = Table.get("label", rows - 1, "scSE objects");
selectImage(sample);
run("Segment Image", "model=[" + args[1] + "] device=cpu tile_size=0 label_image=false overlay=none");
summary = Table.size("scSE summary");
count = Table.get("count", 0, "scSE summary");
File.saveString("bits=" + bits + " max=" + max + " rois=" + rois + " rows=" + rows + " last_label=" + lastLabel + " summary_count=" + count
  + " summary_rows=" + summary + " object_pixels=" + pixels + " table_area=" + area + " first=" + first + " last=" + last
  + " rois_again=" + roiManager("count"), dir + "/objects.txt");
// the same nuclei twice as large (a 2x objective), with their diameter: the image is segmented at the training size
// and its objects come back at its own
selectImage(sample);
run("Scale...", "x=2 y=2 width=512 height=512 interpolation=Bilinear average create title=big");
run("Segment Image", "model=[" + args[1] + "] device=cpu tile_size=0 label_image=false overlay=none object_diameter=33.4");
selectImage("big_instances");
getRawStatistics(n2, mean2, min2, max2);
File.saveString("width=" + getWidth() + " max=" + max2 + " count=" + Table.get("count", Table.size("scSE summary") - 1, "scSE summary"),
  dir + "/zoom.txt");
MACRO
rc=0
timeout -k 10 "$((T + 30))" xvfb-run -a timeout -k 10 "$T" java --module-path="$STAGE/jars/$PLATFORM" -Dscse.models.dir="$WORK/models" \
  -cp "$IJ_JAR:$FIJI_CORE/*:$STAGE/jars/$PLATFORM/*" ij.ImageJ -ijpath "$STAGE" -port0 \
  -batch "$WORK/batch_objects.ijm" "$WORK|$PWD/models/nuclei.scse" > "$WORK/batch_objects.log" 2>&1 || rc=$?
echo "-- batch_objects (exit $rc), log:"; sed 's/^/   /' "$WORK/batch_objects.log" | tail -n 6
OBJ="$(cat "$WORK/objects.txt" 2>/dev/null || echo '(nothing)')"
echo "   counted: $OBJ"
# max = rois = rows = last label = summary count = rois after a second run (ROI Manager emptied first), 2 summary rows,
# areas add up, names nucleus-0001 .. nucleus-<max>
if [[ "$OBJ" =~ ^bits=16\ max=([0-9]+)\ rois=([0-9]+)\ rows=([0-9]+)\ last_label=([0-9]+)\ summary_count=([0-9]+)\ summary_rows=2\ object_pixels=([0-9]+)\ table_area=([0-9]+)\ first=nucleus-0001\ last=nucleus-([0-9]{4})\ rois_again=([0-9]+)$ ]]; then
  m="${BASH_REMATCH[1]}"
  [ "$m" -gt 10 ] || fail "objects: only $m nuclei in the sample"
  for v in "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}" "${BASH_REMATCH[4]}" "${BASH_REMATCH[5]}" "$((10#${BASH_REMATCH[8]}))" "${BASH_REMATCH[9]}"; do
    [ "$v" = "$m" ] || fail "objects: counts differ ($OBJ)"
  done
  [ "${BASH_REMATCH[6]}" = "${BASH_REMATCH[7]}" ] || fail "objects: the table's areas do not add up to the instance image ($OBJ)"
else
  fail "objects: ROI Manager, objects table, summary and instance image do not agree ($OBJ)"
fi
ZOOM="$(cat "$WORK/zoom.txt" 2>/dev/null || echo '(nothing)')"
echo "   magnified 2x, object_diameter=33.4: $ZOOM"
if [[ "$ZOOM" =~ ^width=512\ max=([0-9]+)\ count=([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ]; then
  d=$(( ${BASH_REMATCH[2]} - ${m:-0} ))
  # the sample gives 23 nuclei, its 2x magnification 23 with object_diameter and 26 without it (nuclei broken; checked)
  [ "${d#-}" -le 1 ] || fail "object_diameter: ${BASH_REMATCH[2]} nuclei in the magnified sample against ${m:-?} in the sample"
else
  fail "object_diameter: no instance image of the magnified sample's size, or its count disagrees ($ZOOM)"
fi

echo "== train_model.ijm"
MODEL="$WORK/trained.scse"
ARGS="input_directory=[$WORK/train/images] labels_directory=[$WORK/train/labels] save_as=[$MODEL]"
ARGS="$ARGS class_names=[background,nucleus] features=8 epochs=2 batch_size=2 device=cpu"
run_macro train_model.ijm "$WORK/train.log" "$ARGS training_options=[patch_width=48 patch_height=48 seed=3]"
[ -s "$MODEL" ] || fail "train_model: no model file"
if [ -s "$MODEL" ]; then
  unzip -p "$MODEL" scse-model.json | grep -q 'run(\\"Train Model\\"' || fail "train_model: model holds no recipe"
fi

echo "== evaluate_model.ijm"
CSV="$WORK/scores/dice.csv"
ARGS="model=[$MODEL] input_directory=[$WORK/train/images] labels_directory=[$WORK/train/labels] output_file=[$CSV]"
run_macro evaluate_model.ijm "$WORK/evaluate.log" "$ARGS"
if [ -s "$CSV" ]; then
  head -n 1 "$CSV" | grep -qx "class,name,dice,truth_pixels,predicted_pixels" || fail "evaluate_model: CSV header"
  [ "$(wc -l < "$CSV")" = 3 ] || fail "evaluate_model: CSV should have 2 class rows"
  [ "$(wc -l < "$WORK/scores/dice_per_image.csv")" = 5 ] || fail "evaluate_model: per-image CSV should have 4 rows"
  sed 's/^/   /' "$CSV"
else
  fail "evaluate_model: no CSV"
fi

echo "== measure_oct_folder.ijm"
mkdir -p "$WORK/vol_in"
cp src/test/resources/oct-vol/eyepy_test_volume.vol "$WORK/vol_in/"
cp models/oct-retinal-layers.scse "$WORK/models/"
VOUT="$WORK/oct out"
run_macro measure_oct_folder.ijm "$WORK/oct.log" "model=[oct-retinal-layers] device=cpu input_directory=[$WORK/vol_in] output_directory=[$VOUT]"
[ -s "$VOUT/labels/eyepy_test_volume_labels.tif" ] || fail "measure_oct_folder: no label stack"
for f in ascans.csv bscans.csv summary.csv thickness_maps.tif thickness_map.png; do
  [ -s "$VOUT/measurements/eyepy_test_volume_$f" ] || fail "measure_oct_folder: eyepy_test_volume_$f not written"
done
if [ -s "$VOUT/measurements/eyepy_test_volume_bscans.csv" ]; then
  [ "$(wc -l < "$VOUT/measurements/eyepy_test_volume_bscans.csv")" = 11 ] || fail "measure_oct_folder: B-scan table should have 10 rows"
  head -n 1 "$VOUT/measurements/eyepy_test_volume_bscans.csv" | grep -q "_um" || fail "measure_oct_folder: no units in the column names"
fi

[ "$FAILED" = 0 ] && echo "imagej-macros: OK" || exit 1
