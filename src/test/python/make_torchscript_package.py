"""Builds the TorchScript bioimage.io fixture of TorchScriptImportTest from a .scse model.

The network is scSE-Fiji's own: the PyTorch twin of the model's architecture (bench/twin.py), given the .scse
file's weights (`load_djl` checks every shape), softmax appended, traced with torch.jit.trace. The rdf.yaml is
the one scSE-Fiji's own exporter wrote for the same model (so it is what PackageSpec reads and what the spec
asks), with the ONNX weights replaced by `weights.torchscript` and scSE-Fiji's `config` section dropped, as in
a package another tool wrote. Its test output is the traced module's, computed here by torch; it must match
the ONNX package's test output (our exporter's, i.e. our own network's) within 1e-4, with the same argmax.

Run with Debian's torch (plain python3 has none), from the repository root:

  java -jar target/scse.jar export --model M.scse --format bioimageio --out /tmp/onnx.zip --test-image IMAGE.tif
  /usr/bin/python3 src/test/python/make_torchscript_package.py M.scse /tmp/onnx.zip OUT.zip
"""
import hashlib
import io
import json
import os
import struct
import sys
import zipfile

import numpy as np
import torch
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "main", "resources", "org", "scsefiji", "bench"))
import twin  # noqa: E402

WEIGHTS = "weights.torchscript"
DTYPES = {"FLOAT32": "<f4"}


def djl_arrays(stream):
    """The arrays of a DJL parameter stream, in order: each is 'NDAR', version, name, sparse format, data type,
    shape (rank, dims, layout), byte order and the data. Searching on from the end of each array's data never
    meets the marker inside data."""
    out, at = [], 0
    while True:
        at = stream.find(b"NDAR", at)
        if at < 0:
            return out
        r = io.BytesIO(stream[at + 4:])
        version = struct.unpack(">i", r.read(4))[0]
        if version != 3:
            raise ValueError("DJL array encoding version %d, this reader knows 3" % version)
        name = utf(r) if r.read(1) != b"\0" else None
        utf(r)  # sparse format: DENSE
        dtype = utf(r)
        rank = struct.unpack(">i", r.read(4))[0]
        shape = list(struct.unpack(">%dq" % rank, r.read(8 * rank)))
        layout = struct.unpack(">i", r.read(4))[0]
        r.read(2 * layout)
        order = r.read(1)
        size = struct.unpack(">i", r.read(4))[0]
        if dtype not in DTYPES or order != b"<":
            raise ValueError("%s: data type %s, byte order %r" % (name, dtype, order))
        data = np.frombuffer(r.read(size), dtype=DTYPES[dtype]).astype(np.float32)
        if data.size != int(np.prod(shape)):
            raise ValueError("%s: %d values for shape %s" % (name, data.size, shape))
        out.append((name, shape, data))
        at += 4 + r.tell()


def utf(r):
    n = struct.unpack(">H", r.read(2))[0]
    return r.read(n).decode("utf-8")


def load_scse(path):
    with zipfile.ZipFile(path) as z:
        header = json.loads(z.read("scse-model.json"))
        arrays = djl_arrays(z.read("weights.params"))
    spec = header["spec"]
    index, flat, offset = [], [], 0
    for name, shape, data in arrays:
        index.append({"name": name, "shape": shape, "offset": offset})
        flat.append(data)
        offset += data.size
    net = twin.build(spec)
    twin.load_djl(net, index, np.concatenate(flat))
    return spec, net.eval()


class Probabilities(torch.nn.Module):
    """The package's output: class probabilities, as scSE-Fiji's own export gives them."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net(x).softmax(1)


def preprocess(rdf, raw):
    """The input's preprocessing, as the spec defines it (only what our exporter writes for min_max and percentile)."""
    x = raw.astype(np.float32)
    for op in rdf["inputs"][0].get("preprocessing", []):
        kw = op.get("kwargs", {})
        if op["id"] == "ensure_dtype":
            continue
        if op["id"] != "scale_range":
            raise ValueError("this generator implements scale_range only, not " + op["id"])
        lo = np.percentile(x, kw.get("min_percentile", 0), axis=(2, 3), keepdims=True)
        hi = np.percentile(x, kw.get("max_percentile", 100), axis=(2, 3), keepdims=True)
        x = ((x - lo) / (hi - lo + kw.get("eps", 1e-6))).astype(np.float32)
    return x


def npy(a):
    b = io.BytesIO()
    np.save(b, np.ascontiguousarray(a, dtype="<f4"))
    return b.getvalue()


def main(scse, onnx_package, out):
    spec, net = load_scse(scse)
    model = Probabilities(net).eval()
    with zipfile.ZipFile(onnx_package) as z:
        files = {n: z.read(n) for n in z.namelist()}
    rdf = yaml.safe_load(files["rdf.yaml"])
    raw = np.load(io.BytesIO(files[rdf["inputs"][0]["test_tensor"]["source"]]))
    ours = np.load(io.BytesIO(files[rdf["outputs"][0]["test_tensor"]["source"]]))
    x = torch.from_numpy(preprocess(rdf, raw))
    with torch.no_grad():
        traced = torch.jit.trace(model, x)
        eager = model(x).numpy()
    buf = io.BytesIO()
    torch.jit.save(traced, buf)
    weights = buf.getvalue()
    # what DJL will load: the saved module, run again here on the test input and on a size it was not traced at
    reloaded = torch.jit.load(io.BytesIO(weights))
    with torch.no_grad():
        p = reloaded(x).numpy()
        other = torch.rand(1, x.shape[1], x.shape[2] + 16, x.shape[3] - 16)
        shape_diff = float(np.abs(reloaded(other).numpy() - model(other).numpy()).max())
    diff = float(np.abs(p - ours).max())
    agree = float((p.argmax(1) == ours.argmax(1)).mean())
    top2 = np.sort(p, axis=1)[:, -2:]
    ties = int(((top2[:, 1] - top2[:, 0]) <= 1e-4).sum())
    print("twin vs scSE-Fiji's own output (ONNX package test output): max|dp| %.2e, argmax agrees on %.4f of %d pixels,"
          " %d near ties; traced vs eager %.2e; on an untraced size %.2e"
          % (diff, agree, p[:, 0].size, ties, float(np.abs(p - eager).max()), shape_diff))
    if diff > 1e-4 or agree != 1.0 or shape_diff > 1e-5:
        raise SystemExit("the traced twin does not reproduce the model")

    rdf.pop("config", None)
    rdf["name"] = rdf["name"] + " (TorchScript)"
    rdf["description"] = ("scSE-Fiji test fixture: " + spec["architecture"] + " with " + str(spec["features"])
                          + " features, traced from the PyTorch twin with torch " + torch.__version__)
    out_source = rdf["outputs"][0]["test_tensor"]["source"]
    files[out_source] = npy(p)
    rdf["outputs"][0]["test_tensor"]["sha256"] = hashlib.sha256(files[out_source]).hexdigest()
    version = ".".join(torch.__version__.split("+")[0].split(".")[:2])
    rdf["weights"] = {"torchscript": {"source": WEIGHTS, "sha256": hashlib.sha256(weights).hexdigest(),
                                      "pytorch_version": version}}
    for name in [w["source"] for w in yaml.safe_load(files["rdf.yaml"])["weights"].values()]:
        files.pop(name, None)
    files[WEIGHTS] = weights
    files["rdf.yaml"] = yaml.safe_dump(rdf, sort_keys=False).encode("utf-8")
    tmp = out + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ["rdf.yaml"] + sorted(n for n in files if n != "rdf.yaml"):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, files[name])
    os.replace(tmp, out)
    print("wrote %s (%d bytes; %s %d bytes)" % (out, os.path.getsize(out), WEIGHTS, len(weights)))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
