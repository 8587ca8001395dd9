"""Scores OCT models on Duke subject 5 B-scans resampled as another device would sample them (model card, issue 11).

Real scans of other devices with layer masks are not in the shared data, so this imitates two: pixels 4x finer across
(about 2.8 um, as Cirrus line scans) and pixels 2x coarser across and 1.5x finer in depth. Each model segments the
resampled B-scans twice: not told the pixel size, and told it (--pixel-width/--pixel-depth: resampled back to its
own). Prints the mean Dice of the 7 layers and fluid (label 255 ignored), the mean over classes of per-image Dice.
Use models that held subject 5 out (the validated runs).

    /usr/bin/python3 models/simulated-devices.py JAR DATA_DIR MODEL...   (needs numpy and PIL)
"""
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

DEVICES = {  # name: (scale across, scale in depth)
    "4x finer across": (4.0, 1.0),
    "2x coarser across, 1.5x finer in depth": (0.5, 1.5),
}
DUKE_PIXEL = (11.3, 3.87)  # um across, in depth
SCORED = [1, 2, 3, 4, 5, 6, 7, 9]  # the layers and fluid


def mean_dice(truth_files, out_dir):
    per_class = {}
    for t in truth_files:
        gt = np.array(Image.open(t))
        pred = np.array(Image.open(os.path.join(out_dir, os.path.basename(t).replace("_truth.tif", "_labels.tif"))))
        valid = gt != 255
        for c in SCORED:
            a, b = (gt == c) & valid, (pred == c) & valid
            if a.sum() + b.sum() > 0:
                per_class.setdefault(c, []).append(2 * (a & b).sum() / (a.sum() + b.sum()))
    return np.mean([np.mean(v) for v in per_class.values()])


def main(jar, data, models):
    scans = sorted(f for f in glob.glob(os.path.join(data, "oct-duke/train/subject05_bscan*.tif")) if not f.endswith("_labels.tif"))
    work = tempfile.mkdtemp(prefix="scse-devices-")
    for device, (sx, sy) in DEVICES.items():
        inp = os.path.join(work, device.replace(" ", "_"), "in")
        os.makedirs(inp)
        truth = []
        for f in scans:
            img, lab = Image.open(f), Image.open(f.replace(".tif", "_labels.tif"))
            size = (round(img.size[0] * sx), round(img.size[1] * sy))
            img.resize(size, Image.BILINEAR).save(os.path.join(inp, os.path.basename(f)))
            truth.append(os.path.join(inp, "..", os.path.basename(f).replace(".tif", "_truth.tif")))
            lab.resize(size, Image.NEAREST).save(truth[-1])
        for model in models:
            for told in (False, True):
                out = os.path.join(inp, "..", "out-%s-%s" % (os.path.basename(model), told))
                cmd = ["java", "-jar", jar, "segment", "--model", model, "--input", inp, "--output", out, "--device", "cpu"]
                if told:
                    cmd += ["--pixel-width", str(DUKE_PIXEL[0] / sx), "--pixel-depth", str(DUKE_PIXEL[1] / sy)]
                subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                print("%s | %s | pixel size %s | %.3f" % (device, os.path.basename(model), "given" if told else "unknown",
                                                         mean_dice(truth, out)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
