#!/usr/bin/env bash
# Prints the SE ablation tables of models/ABLATION.md (markdown) from the trained ablation models: every finished
# run (seed 42: ablation-SE.scse; other seeds: ablation-SE-seedN.scse) is scored with `evaluate --held-out` on the
# images it held out (subject 5), raw network labels (runs that declare the anatomy repair are scored without it,
# like those that do not), and each SE variant counted with `summary`. First one row per run, then per SE
# variant the mean and the sample standard deviation over its seeds.
#   bash models/ablation-table.sh > /tmp/table.md
# Environment: JAR (default target/scse.jar), SCSE_DATA_DIR (default ../shared/data).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="${JAR:-target/scse.jar}"
DATA="${SCSE_DATA_DIR:-../shared/data}"
OUT=models/training
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
RUNS=(none cse sse scse)

# One line per run in $TMP/runs: se seed dice_class0 ... dice_class9 mean_foreground
for se in "${RUNS[@]}"; do
  java -jar "$JAR" summary --arch relaynet --se "$se" --features 32 --classes 10 | tail -n 1 > "$TMP/$se.summary"
  for model in "$OUT/ablation-$se.scse" "$OUT"/ablation-"$se"-seed*.scse; do
    [ -f "$model" ] && [ -f "${model%.scse}.done" ] || continue
    case "$model" in *-checkpoint.scse) continue ;; esac
    seed=42; [[ "$model" =~ -seed([0-9]+)\.scse$ ]] && seed="${BASH_REMATCH[1]}"
    # The scores are kept next to the model (NAME.heldout.csv, NAME.heldout_per_image.csv, NAME.heldout.txt) and
    # reused while the model is older than them. evaluate writes its CSV files whole or not at all; the printed
    # scores go to a temporary beside the .txt and are renamed once evaluate has succeeded.
    csv="${model%.scse}.heldout.csv"
    txt="${model%.scse}.heldout.txt"
    if [ ! -s "$csv" ] || [ ! -s "$txt" ] || [ "$model" -nt "$csv" ]; then
      java -jar "$JAR" evaluate --model "$model" --images "$DATA/oct-duke/train" --held-out --device cpu --postprocessing none \
        --csv "$csv" 2>/dev/null > "$txt.tmp"
      mv "$txt.tmp" "$txt"
    fi
    cp "$csv" "$TMP/names.csv"
    printf '%s %s %s %s\n' "$se" "$seed" "$(tail -n +2 "$csv" | cut -d, -f3 | tr '\n' ' ')" \
      "$(grep -o 'mean_foreground_dice=.*' "$txt" | cut -d= -f2)" >> "$TMP/runs"
  done
done
[ -s "$TMP/runs" ] || { echo "no finished ablation run in $OUT: run bash models/train-models.sh ablation-scse" >&2; exit 1; }

header() {  # $1: the first columns' header, $2: their separators
  printf '| %s |' "$1"
  tail -n +2 "$TMP/names.csv" | cut -d, -f2 | while read -r name; do printf ' %s |' "$name"; done
  printf ' mean foreground Dice |\n|%s' "$2"
  tail -n +2 "$TMP/names.csv" | while read -r _; do printf -- '---|'; done
  printf -- '---|\n'
}

echo "Per run:"; echo
header "SE block | seed" "---|---|"
awk '{ printf "| %s | %s |", $1, $2; for (i = 3; i <= NF; i++) printf " %.3f |", $i; printf "\n" }' "$TMP/runs"
echo; echo "Per SE block, mean +- standard deviation over seeds:"; echo
header "SE block | parameters | SE weights | seeds" "---|---|---|---|"
for se in "${RUNS[@]}"; do
  params="$(grep -o 'total_params=[0-9]*' "$TMP/$se.summary" | cut -d= -f2)"
  weights="$(grep -o 'se_weights=[0-9]*' "$TMP/$se.summary" | cut -d= -f2)"
  awk -v se="$se" -v p="$params" -v w="$weights" '
    $1 == se { n++; for (i = 3; i <= NF; i++) { s[i] += $i; q[i] += $i * $i }; last = NF }
    END {
      if (n == 0) exit
      printf "| %s | %s | %s | %d |", se, p, w, n
      for (i = 3; i <= last; i++) {
        m = s[i] / n; v = (q[i] - n * m * m) / (n > 1 ? n - 1 : 1)
        if (n == 1) printf " %.3f |", m
        else printf " %.3f +- %.3f |", m, (v > 0 ? sqrt(v) : 0)
      }
      printf "\n"
    }' "$TMP/runs"
done
