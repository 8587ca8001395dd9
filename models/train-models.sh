#!/usr/bin/env bash
# Trains the shipped models and the SE ablation from the shared training data, on the CPU.
# Resumable: every run checkpoints after each epoch; run this script again after an interruption and it
# continues where it stopped (finished runs are skipped). Outputs and logs go to models/training/.
#
#   bash models/train-models.sh            # everything, in order
#   bash models/train-models.sh oct-final  # one run
#
# Environment: JAR (default target/scse.jar), SCSE_DATA_DIR (default ../shared/data),
# THREADS (PyTorch threads, default: all cores).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="${JAR:-target/scse.jar}"
DATA="${SCSE_DATA_DIR:-../shared/data}"
OUT=models/training
mkdir -p "$OUT"
JAVA=(java -Xmx10g)
[ -n "${THREADS:-}" ] && JAVA+=("-Dscse.threads=$THREADS")

# One run: NAME, then train options. A finished run leaves NAME.done.
run() {
  local name="$1"; shift
  if [ -f "$OUT/$name.done" ]; then echo "== $name: finished earlier"; return; fi
  echo "== $name: $*"
  "${JAVA[@]}" -jar "$JAR" train "$@" --out "$OUT/$name.scse" --resume --keep-checkpoint --overwrite 2>&1 | tee -a "$OUT/$name.log"
  touch "$OUT/$name.done"
}

# The epoch at which a validated run was best (from its model file's provenance).
best_epoch() {
  unzip -p "$OUT/$1.scse" scse-model.json | tr -d ' \n' | grep -o '"best_epoch":[0-9]*' | cut -d: -f2
}

# Retinal OCT: ReLayNet (7x3 kernels, 64-column strips, boundary weight map, CE + Dice), 32 feature maps
# instead of the paper's 64 so that a CPU run takes about an hour, not four. Subject 5 validates.
OCT=(--images "$DATA/oct-duke/train" --arch relaynet --aggregation max --positions P5 --features 32 --epochs 30)
oct_ablation() {
  run ablation-scse "${OCT[@]}" --se scse --validation-group subject05
  run ablation-none "${OCT[@]}" --se none --validation-group subject05
  run ablation-cse "${OCT[@]}" --se cse --validation-group subject05
  run ablation-sse "${OCT[@]}" --se sse --validation-group subject05
}
# The shipped OCT model: the validated recipe on all five subjects, for as many epochs as the
# validation run needed to reach its best epoch (no data left to stop on).
oct_final() {
  [ -f "$OUT/ablation-scse.done" ] || run ablation-scse "${OCT[@]}" --se scse --validation-group subject05
  local epochs; epochs="$(best_epoch ablation-scse)"
  run oct-final "${OCT[@]}" --se scse --validation-fraction 0 --epochs "${epochs:-30}"
}

case "${1:-all}" in
  ablation) oct_ablation ;;
  oct-final) oct_final ;;
  all) oct_ablation; oct_final ;;
  *) echo "usage: $0 [all|ablation|oct-final]" >&2; exit 2 ;;
esac
