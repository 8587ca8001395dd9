#!/usr/bin/env bash
# Prints the SE ablation table of models/ABLATION.md (markdown) from the trained ablation models: each is
# scored with `evaluate --held-out` on the images it held out (subject 5), and counted with `summary`.
#   bash models/ablation-table.sh > /tmp/table.md
# Environment: JAR (default target/scse.jar), SCSE_DATA_DIR (default ../shared/data).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="${JAR:-target/scse.jar}"
DATA="${SCSE_DATA_DIR:-../shared/data}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
RUNS=(none cse sse scse)

for se in "${RUNS[@]}"; do
  model="models/training/ablation-$se.scse"
  [ -f "$model" ] || { echo "missing $model: run bash models/train-models.sh ablation-$se" >&2; exit 1; }
  java -jar "$JAR" evaluate --model "$model" --images "$DATA/oct-duke/train" --held-out --device cpu \
    --csv "$TMP/$se.csv" > "$TMP/$se.out"
  java -jar "$JAR" summary --arch relaynet --se "$se" --features 32 --classes 10 | tail -n 1 > "$TMP/$se.summary"
done

# Header: one column per class (names from the first CSV), then the mean over the foreground classes.
{
  printf '| SE block | parameters | SE weights |'
  tail -n +2 "$TMP/scse.csv" | cut -d, -f2 | while read -r name; do printf ' %s |' "$name"; done
  printf ' mean foreground Dice |\n|---|---|---|'
  tail -n +2 "$TMP/scse.csv" | while read -r _; do printf -- '---|'; done
  printf -- '---|\n'
  for se in "${RUNS[@]}"; do
    params="$(grep -o 'total_params=[0-9]*' "$TMP/$se.summary" | cut -d= -f2)"
    weights="$(grep -o 'se_weights=[0-9]*' "$TMP/$se.summary" | cut -d= -f2)"
    printf '| %s | %s | %s |' "$se" "$params" "$weights"
    tail -n +2 "$TMP/$se.csv" | cut -d, -f3 | while read -r d; do printf ' %.3f |' "$d"; done
    printf ' %.3f |\n' "$(grep -o 'mean_foreground_dice=.*' "$TMP/$se.out" | cut -d= -f2)"
  done
}
