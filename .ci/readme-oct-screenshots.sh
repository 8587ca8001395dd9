#!/usr/bin/env bash
# Makes the README's two OCT screenshots in a real ImageJ 1 (Debian's) under a virtual display, with the staged
# plugin and the shipped OCT model:
#   oct-thickness-profile.png  Willis_B_716_2.vol (real Spectralis export): File > Import > Heidelberg OCT (.vol),
#                              Segment Image, Measure OCT Layers with the .vol: the thickness profile plot.
#   oct-thickness-map.png      the 11 B-scans of Duke subject 5 we have (of its 61), stacked as a volume, segmented,
#                              measured: the retina's thickness map with colour bar and ETDRS grid. The Duke TIFFs
#                              carry no scale: 11.5 x 3.87 um pixels (the model card's figures) and 0.48 mm between
#                              the stacked B-scans (they are about 4 B-scans of 0.12 mm apart, unevenly) are assumed.
# Usage: .ci/readme-oct-screenshots.sh [DATA_DIR]   (default ../shared/data)
# Needs: mvn -Pupdate-site -DskipTests package, apt-get install -y imagej xvfb xauth
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="$(realpath "${1:-../shared/data}")"
OUT="$PWD/src/site/resources/images"
STAGE="$PWD/target/fiji-stage"
CORE="$PWD/target/fiji-core"
[ -d "$STAGE/plugins" ] && [ -d "$CORE" ] || { echo "no staged tree; run: mvn -Pupdate-site -DskipTests package" >&2; exit 2; }
IJ_JAR="$(dpkg -L libij-java 2>/dev/null | grep '/ij\.jar$' | head -n 1 || true)"
[ -n "$IJ_JAR" ] || { echo "ImageJ 1 not installed; run: apt-get install -y imagej xvfb xauth" >&2; exit 2; }
mkdir -p "$OUT"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/shot.ijm" <<'MACRO'
args = split(getArgument(), "|");
data = args[0]; out = args[1];
// 1. a real .vol: import, segment, measure; the profile plot
vol = data + "/oct-vol/Willis_B_716_2.vol";
run("Heidelberg OCT (.vol)...", "open=[" + vol + "] pixels=[8-bit (Heyex display v^0.25)] slo=false boundaries=false patient_id=false");
run("Segment Image", "model=[oct-retinal-layers] device=cpu tile_size=0 label_image=true overlay=none");
print("labels: " + getTitle());
run("Measure OCT Layers", "image=[" + vol + "] plot=true maps=false");
print("plot: " + getTitle());
saveAs("PNG", out + "/oct-thickness-profile.png");
// 2. a stack of B-scans as a volume: thickness map with the ETDRS grid
list = getFileList(data + "/oct-duke/train");
n = 0;
for (i = 0; i < list.length; i++) {
    if (startsWith(list[i], "subject05_bscan") && !endsWith(list[i], "_labels.tif")) { open(data + "/oct-duke/train/" + list[i]); n++; }
}
run("Images to Stack", "name=subject05 title=subject05_bscan use");
run("Properties...", "channels=1 slices=" + n + " frames=1 unit=um pixel_width=11.5 pixel_height=3.87 voxel_depth=480");
run("Segment Image", "model=[oct-retinal-layers] device=cpu tile_size=0 label_image=true overlay=none");
print("labels: " + getTitle());
run("Measure OCT Layers", "eye=OD plot=false maps=true");
print("maps: " + getTitle());
setSlice(1);
run("Flatten", "slice");
saveAs("PNG", out + "/oct-thickness-map.png");
run("Quit");
MACRO
timeout -k 10 600 xvfb-run -a -s "-screen 0 1280x900x24" java -Dscse.models.dir="$PWD/models" \
  -cp "$IJ_JAR:$CORE/*:$STAGE/jars/linux64/*" ij.ImageJ -ijpath "$STAGE" -port0 \
  -batch "$WORK/shot.ijm" "$DATA|$OUT" > "$WORK/log" 2>&1 || true
cat "$WORK/log"
[ -s "$OUT/oct-thickness-profile.png" ] && [ -s "$OUT/oct-thickness-map.png" ] || { echo "screenshots not written" >&2; exit 1; }
echo "wrote $OUT/oct-thickness-profile.png $OUT/oct-thickness-map.png"
