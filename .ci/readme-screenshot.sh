#!/usr/bin/env bash
# Makes the README's screenshot: a real ImageJ 1 (Debian's) under a virtual display opens the demo OCT
# B-scan, runs "Segment Image" with the shipped OCT model from the staged plugin, and captures the
# screen: the B-scan with its named class overlay, and the label image with the class colours.
#
# Usage: .ci/readme-screenshot.sh [MODEL] [OUTPUT.png]
#   MODEL   installed model name in models/ (default oct-retinal-layers)
#   OUTPUT  default src/site/resources/images/segment-oct.png
# Needs: mvn -Pupdate-site -DskipTests package (the staged tree), apt-get install -y imagej xvfb xauth
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL="${1:-oct-retinal-layers}"
OUTPUT="$(realpath -m "${2:-src/site/resources/images/segment-oct.png}")"
STAGE="$PWD/target/fiji-stage"
CORE="$PWD/target/fiji-core"
[ -d "$STAGE/plugins" ] && [ -d "$CORE" ] || { echo "no staged tree; run: mvn -Pupdate-site -DskipTests package" >&2; exit 2; }
IJ_JAR="$(dpkg -L libij-java 2>/dev/null | grep '/ij\.jar$' | head -n 1 || true)"
[ -n "$IJ_JAR" ] || { echo "ImageJ 1 not installed; run: apt-get install -y imagej xvfb xauth" >&2; exit 2; }
mkdir -p "$(dirname "$OUTPUT")"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/shot.ijm" <<'MACRO'
args = split(getArgument(), "|");
open(args[0]);
title = getTitle();
run("Segment Image", "model=[" + args[1] + "] device=cpu tile_size=0 label_image=true overlay=fill");
selectImage(title);
setLocation(0, 110);
selectImage(replace(title, ".tif", "_labels"));
setLocation(790, 110);
wait(1500);
run("Capture Screen");
saveAs("PNG", args[2]);
while (nImages > 0) { selectImage(nImages); changes = false; close(); }
run("Quit");
MACRO
timeout -k 10 300 xvfb-run -a -s "-screen 0 1570x680x24" java -Dscse.models.dir="$PWD/models" \
  -cp "$IJ_JAR:$CORE/*:$STAGE/jars/linux64/*" ij.ImageJ -ijpath "$STAGE" -port0 \
  -macro "$WORK/shot.ijm" "$PWD/models/samples/oct-subject05-bscan28.tif|$MODEL|$OUTPUT" > "$WORK/log" 2>&1 || true
[ -s "$OUTPUT" ] || { echo "no screenshot written; ImageJ said:" >&2; tail -n 20 "$WORK/log" >&2; exit 1; }
echo "wrote $OUTPUT"
