#!/usr/bin/env bash
# Proves that a staged Fiji tree (target/fiji-stage from `mvn -Pupdate-site package`) runs in a real
# ImageJ 1: starts Debian's ij.jar with the stage as its ImageJ folder, runs "About scSE-Fiji" from a macro,
# saves the Log window to a file and checks that it names the PyTorch version.
#
# Usage: [CHECK_TIMEOUT=seconds] update-site/check-in-imagej.sh STAGE_DIR [--fiji-core DIR] [--reuse-cache]
#   --fiji-core DIR  jars that Fiji itself ships and plain ImageJ 1 lacks (jna, gson, commons-*, slf4j-api),
#                    at Fiji's versions; default: STAGE_DIR/../fiji-core, which `mvn -Pupdate-site package`
#                    fills. They are not part of the site.
#   --reuse-cache    let DJL use its usual native cache (~/.djl.ai) instead of a fresh one; faster, but then
#                    the check no longer proves that the natives come from the staged jar.
#
# How ImageJ 1 finds the classes (ij 1.54p and Debian's 1.53t, ij/Menus.java and ij/io/PluginClassLoader.java):
# - `-ijpath DIR` makes DIR/plugins the plugins folder. Menus reads plugins.config from jars directly in
#   plugins/ whose name contains '_' (our plugin jar), and one level of subfolders.
# - PluginClassLoader puts on the class path: plugins/, its jars, its first-level subfolders and their jars,
#   and DIR/jars/*.jar (flat: "add ImageJ/jars"). So the plugin and DJL load from the staged plugins/ and jars/.
# - It never looks into jars/<platform>/, which only Fiji's launcher adds. This script therefore starts the
#   JVM as Fiji-Latest's launcher does (config/jaunch/fiji.toml): jars/<this platform>/ on the module path
#   (--module-path) and its jars on the class path (-cp), where the plugin class loader's parent sees them.
# - The libraries Fiji provides (not on the site) go on -cp as well, from --fiji-core.
# Plain ImageJ 1 needs a display for run("..."), so the run happens under xvfb-run, always inside `timeout`
# (an error dialog would block forever), and success is judged only by the file the macro writes.
set -euo pipefail

die() { echo "check-in-imagej: $*" >&2; exit 2; }

[ $# -ge 1 ] || die "usage: $0 STAGE_DIR [--fiji-core DIR] [--reuse-cache]"
STAGE="$(cd "$1" && pwd)" || die "no such folder: $1"
shift
FIJI_CORE="$STAGE/../fiji-core"
REUSE_CACHE=false
while [ $# -gt 0 ]; do
  case "$1" in
    --fiji-core) [ $# -ge 2 ] || die "--fiji-core needs a folder"; FIJI_CORE="$2"; shift 2 ;;
    --reuse-cache) REUSE_CACHE=true; shift ;;
    *) die "unknown option $1" ;;
  esac
done
ls "$FIJI_CORE"/jna-*.jar >/dev/null 2>&1 || die "no Fiji core stand-ins (jna, gson, ...) in $FIJI_CORE"
FIJI_CORE="$(cd "$FIJI_CORE" && pwd)"

IJ_JAR="$(dpkg -L libij-java 2>/dev/null | grep '/ij\.jar$' | head -n 1 || true)"
[ -n "$IJ_JAR" ] && [ -f "$IJ_JAR" ] || die "ImageJ 1 not installed; run: apt-get install -y imagej xvfb xauth"
command -v xvfb-run >/dev/null || die "xvfb-run not found; run: apt-get install -y xvfb xauth"

case "$(uname -m)" in
  x86_64|amd64) PLATFORM=linux64 ;;
  aarch64|arm64) PLATFORM=linux-arm64 ;;
  *) die "no staged natives for $(uname -m)" ;;
esac
ls "$STAGE"/plugins/*_*.jar >/dev/null 2>&1 || die "$STAGE/plugins/ has no plugin jar (name with '_')"
ls "$STAGE"/jars/*.jar >/dev/null 2>&1 || die "$STAGE/jars/ has no libraries"
NATIVE_JAR="$(ls "$STAGE/jars/$PLATFORM"/pytorch-native-cpu-*.jar 2>/dev/null | head -n 1 || true)"
[ -n "$NATIVE_JAR" ] || die "$STAGE/jars/$PLATFORM/ has no pytorch-native-cpu jar"
TORCH_VERSION="$(basename "$NATIVE_JAR" .jar)"
TORCH_VERSION="${TORCH_VERSION#pytorch-native-cpu-}"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
LOG_FILE="$WORK/log.txt"
cat > "$WORK/about.ijm" <<'EOF'
out = getArgument();
print("ImageJ " + getVersion());
run("About scSE-Fiji");
selectWindow("Log");
saveAs("Text", out);
run("Quit");
EOF

ENV_ARGS=(env)
$REUSE_CACHE || ENV_ARGS+=("ENGINE_CACHE_DIR=$WORK/djl-cache")

# -port0: never hand the macro to another running ImageJ; the GUI (not -batch) is needed for a Log window.
set +e
T="${CHECK_TIMEOUT:-300}"
"${ENV_ARGS[@]}" timeout -k 10 "$((T + 30))" xvfb-run -a timeout -k 10 "$T" java --module-path="$STAGE/jars/$PLATFORM" -cp "$IJ_JAR:$FIJI_CORE/*:$STAGE/jars/$PLATFORM/*" \
  ij.ImageJ -ijpath "$STAGE" -port0 -macro "$WORK/about.ijm" "$LOG_FILE" > "$WORK/stdout.txt" 2>&1
RC=$?
set -e

if [ -s "$LOG_FILE" ] && grep -q "^PyTorch $TORCH_VERSION on " "$LOG_FILE"; then
  echo "check-in-imagej: OK (exit $RC). Log:"
  sed 's/^/  /' "$LOG_FILE"
  exit 0
fi
[ "$RC" = 124 ] && WHY="timed out after $T s (a dialog was probably waiting)" || WHY="exit $RC"
echo "check-in-imagej: FAILED ($WHY): no Log line 'PyTorch $TORCH_VERSION on ...'." >&2
[ -f "$LOG_FILE" ] && { echo "Log:" >&2; sed 's/^/  /' "$LOG_FILE" >&2; }
echo "Output:" >&2
tail -n 40 "$WORK/stdout.txt" | sed 's/^/  /' >&2
exit 1
