"""The PyTorch twin of scSE-Fiji's networks, for `java -jar scse.jar bench`.

The same five architectures as org.scsefiji.nn, written the way a PyTorch user would write them:
native F.max_pool2d(return_indices=True) / F.max_unpool2d, nn.ConvTranspose2d, nn.BatchNorm2d, ...
Submodules are registered in the order the Java blocks add their children, so the state dict (minus
num_batches_tracked) lines up one to one with DJL's parameter list; `load_djl` copies a network
exported by the Java side and checks every shape.

Run as a worker: one JSON command per line on stdin, one JSON reply per line on stdout
(commands: hello, check, setup, round, quit). Logs go to stderr.
"""
import json
import os
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# Java keeps these constants as float32: the twin uses the same values, which matters for the float64 check.
LEAKY_SLOPE = float(np.float32(0.3))    # ConvBlocks.LEAKY_SLOPE
BN_EPS = float(np.float32(1e-5))        # DJL BatchNorm default
FOCUS_WIDTHS = [32, 64, 128, 192, 256]
FOCUS_DROPOUT = 0.5
DICE_EPSILON = 1e-4        # SoftDiceLoss.DEFAULT_EPSILON


# ---------------------------------------------------------------- SE blocks (TMI II-A..C)

class ChannelSE(nn.Module):
    def __init__(self, channels, reduction):
        super().__init__()
        self.reduce = nn.Linear(channels, max(1, channels // reduction))
        self.expand = nn.Linear(max(1, channels // reduction), channels)

    def forward(self, x):
        s = torch.sigmoid(self.expand(F.relu(self.reduce(x.mean((2, 3))))))
        return x * s[:, :, None, None]


class SpatialSE(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.squeeze = nn.Conv2d(channels, 1, 1)

    def forward(self, x):
        return x * torch.sigmoid(self.squeeze(x))


class ScSE(nn.Module):
    def __init__(self, channels, reduction, aggregation):
        super().__init__()
        self.aggregation = aggregation
        self.cse = ChannelSE(channels, reduction)
        self.sse = SpatialSE(channels)

    def forward(self, x):
        c, s = self.cse(x), self.sse(x)
        if self.aggregation == "max":
            return torch.maximum(c, s)
        if self.aggregation == "add":
            return c + s
        if self.aggregation == "multiply":
            return c * s
        return torch.cat([c, s], 1)


def se_block(spec, channels):
    kind = spec["se_block"]
    if kind == "cse":
        return ChannelSE(channels, spec["reduction"])
    if kind == "sse":
        return SpatialSE(channels)
    if kind == "scse":
        return ScSE(channels, spec["reduction"], spec["aggregation"])
    raise ValueError("no SE block for " + kind)


def se_out(spec, channels):
    return 2 * channels if spec["se_block"] == "scse" and spec["aggregation"] == "concat" else channels


def se_sites(spec):
    if spec["se_block"] == "none":
        return set()
    sites = set()
    for p in spec["positions"]:
        sites |= {"P5": {"P1", "P2"}, "P6": {"P1", "P2", "P3", "P4"}}.get(p, {p})
    return sites


# ---------------------------------------------------------------- convolution stacks (ConvBlocks)

def batch_norm(channels):
    return nn.BatchNorm2d(channels, eps=BN_EPS)


def conv(cin, cout, kh, kw=None, bias=True):
    kw = kh if kw is None else kw
    return nn.Conv2d(cin, cout, (kh, kw), padding=(kh // 2, kw // 2), bias=bias)


def double_conv(cin, f):
    return nn.Sequential(conv(cin, f, 3), nn.ReLU(), conv(f, f, 3), nn.ReLU())


def conv_bn_relu(kh, kw):
    return lambda cin, f: nn.Sequential(conv(cin, f, kh, kw), batch_norm(f), nn.ReLU())


def bn_relu_conv(k, cin, f):
    return nn.Sequential(batch_norm(cin), nn.ReLU(), conv(cin, f, k))


def bn_leaky_conv(k, cin, f):
    return nn.Sequential(batch_norm(cin), nn.LeakyReLU(LEAKY_SLOPE), conv(cin, f, k))


def conv_bn_leaky(k, cin, f):
    return nn.Sequential(conv(cin, f, k), batch_norm(f), nn.LeakyReLU(LEAKY_SLOPE))


class DenseBlock(nn.Module):
    """QuickNAT dense block: BN-ReLU-conv5x5, concat, BN-ReLU-conv5x5, concat, BN-ReLU-conv1x1."""

    def __init__(self, cin, f):
        super().__init__()
        self.conv1 = bn_relu_conv(5, cin, f)
        self.conv2 = bn_relu_conv(5, cin + f, f)
        self.fuse = bn_relu_conv(1, cin + 2 * f, f)

    def forward(self, x):
        c1 = torch.cat([x, self.conv1(x)], 1)
        return self.fuse(torch.cat([c1, self.conv2(c1)], 1))


class UpConv(nn.ConvTranspose2d):
    """U-Net's 2x2 stride-2 up-convolution; Java keeps its weight as a 1x1 convolution to 4F channels."""

    def __init__(self, cin, f):
        super().__init__(cin, f, 2, stride=2)


# ---------------------------------------------------------------- U-Net, SD-Net, FC-DenseNet, ReLayNet

ENCODER_DECODERS = {
    # depth, stage(cin, f), up-sampling
    "unet": (4, double_conv, "transposed_conv"),
    "sdnet": (3, conv_bn_relu(7, 7), "unpool"),
    "fcdensenet": (4, DenseBlock, "unpool"),
    "relaynet": (3, conv_bn_relu(7, 3), "unpool"),
}


class EncoderDecoder(nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.depth, stage, self.upsampling = ENCODER_DECODERS[spec["architecture"]]
        self.recalibrated_skip = spec["skip"] == "recalibrated"
        f, k, sites = spec["features"], len(spec["classes"]), se_sites(spec)
        d = self.depth
        self.enc, self.enc_se, self.up, self.dec, self.dec_se = [None] * d, [None] * d, [None] * d, [None] * d, [None] * d
        skip_ch, pooled_ch = [0] * d, [0] * d
        ch = spec["input_channels"]
        for l in range(d):
            self.enc[l] = self._add("enc%d" % l, stage(ch, f))
            ch = f
            if "P1" in sites:
                self.enc_se[l] = self._add("enc%d_se" % l, se_block(spec, f))
                ch = se_out(spec, f)
            skip_ch[l] = ch if self.recalibrated_skip else f
            pooled_ch[l] = ch
        self.bottleneck = self._add("bottleneck", stage(ch, f))
        ch = f
        self.bottleneck_se = None
        if "P3" in sites:
            self.bottleneck_se = self._add("bottleneck_se", se_block(spec, f))
            ch = se_out(spec, f)
        for l in reversed(range(d)):
            if self.upsampling == "transposed_conv":
                self.up[l] = self._add("up%d" % l, UpConv(ch, f))
                up_out = f
            else:
                if ch != pooled_ch[l]:
                    self.up[l] = self._add("up%d_adapt" % l, conv(ch, pooled_ch[l], 1))
                up_out = pooled_ch[l]
            self.dec[l] = self._add("dec%d" % l, stage(skip_ch[l] + up_out, f))
            ch = f
            if "P2" in sites:
                self.dec_se[l] = self._add("dec%d_se" % l, se_block(spec, f))
                ch = se_out(spec, f)
        self.classifier = self._add("classifier", conv(ch, k, 1))
        self.classifier_se = self.classifier_fuse = None
        if "P4" in sites:
            self.classifier_se = self._add("classifier_se", se_block(spec, k))
            if se_out(spec, k) != k:
                self.classifier_fuse = self._add("classifier_fuse", conv(2 * k, k, 1))

    def _add(self, name, module):
        setattr(self, name, module)  # registers it, also over an attribute that was None
        return module

    def forward(self, x):
        h, w = x.shape[2:]
        x = pad_to_multiple(x, 2 ** self.depth)
        skips, indices = [], []
        for l in range(self.depth):
            features = self.enc[l](x)
            rec = features if self.enc_se[l] is None else self.enc_se[l](features)
            skips.append(rec if self.recalibrated_skip else features)
            if self.upsampling == "unpool":
                x, idx = F.max_pool2d(rec, 2, 2, return_indices=True)
                indices.append(idx)
            else:
                x = F.max_pool2d(rec, 2, 2)
        x = self.bottleneck(x)
        if self.bottleneck_se is not None:
            x = self.bottleneck_se(x)
        for l in reversed(range(self.depth)):
            if self.up[l] is not None:
                x = self.up[l](x)
            if self.upsampling == "unpool":
                x = F.max_unpool2d(x, indices[l], 2, 2, output_size=skips[l].shape[2:])
            x = self.dec[l](torch.cat([skips[l], x], 1))
            if self.dec_se[l] is not None:
                x = self.dec_se[l](x)
        x = self.classifier(x)
        if self.classifier_se is not None:
            x = self.classifier_se(x)
        if self.classifier_fuse is not None:
            x = self.classifier_fuse(x)
        return x[:, :, :h, :w]


def pad_to_multiple(x, m):
    h, w = x.shape[2:]
    return F.pad(x, (0, (-w) % m, 0, (-h) % m))


# ---------------------------------------------------------------- FocusNet++

class ResGaBlock(nn.Module):
    """Residual group-attention block (see the Java ResGaBlock for the recipe)."""

    def __init__(self, cin, width, spec, with_se, emit_uncalibrated):
        super().__init__()
        d = width // 4
        self.entry = conv(cin, width, 1)
        for p in range(2):
            self.add_module("attention%d" % p, nn.Sequential(
                bn_leaky_conv(3, d, d), bn_leaky_conv(3, d, d), conv(d, d, 1), nn.Sigmoid()))
            self.add_module("residual%d" % p, nn.Sequential(bn_leaky_conv(3, d, d), bn_leaky_conv(3, d, d)))
            self.add_module("merge%d" % p, conv_bn_leaky(1, d, 2 * d))
        self.exit = nn.Sequential(conv(width, width, 1), batch_norm(width))
        self.se = self.se_fuse = None
        if with_se:
            self.se = se_block(spec, width)
            if se_out(spec, width) != width:
                self.se_fuse = conv(2 * width, width, 1)
        self.emit_uncalibrated = emit_uncalibrated and self.se is not None
        self.shortcut = nn.Sequential(conv(cin, width, 1), batch_norm(width)) if cin != width else None

    def forward(self, x):
        groups = self.entry(x).chunk(4, 1)
        merged = []
        for p in range(2):
            a = getattr(self, "attention%d" % p)(groups[2 * p])
            g = groups[2 * p + 1]
            o = g + getattr(self, "residual%d" % p)(g)
            merged.append(getattr(self, "merge%d" % p)(a * o))
        branch = self.exit(torch.cat(merged, 1))
        rec = branch
        if self.se is not None:
            rec = self.se(branch)
        if self.se_fuse is not None:
            rec = self.se_fuse(rec)
        s = x if self.shortcut is None else self.shortcut(x)
        out = F.leaky_relu(s + rec, LEAKY_SLOPE)
        if not self.emit_uncalibrated:
            return out, None
        return out, F.leaky_relu(s + branch, LEAKY_SLOPE)


def focus_widths(features):
    return [(w * features + 127) // 128 * 4 for w in FOCUS_WIDTHS]


class FocusNetPP(nn.Module):
    DEPTH = 4

    def __init__(self, spec):
        super().__init__()
        wd = focus_widths(spec["features"])
        k, sites, D = len(spec["classes"]), se_sites(spec), self.DEPTH
        self.uncalibrated = spec["skip"] == "uncalibrated" and "P1" in sites
        self.stem = conv(spec["input_channels"], wd[0], 5)
        for l in range(D):
            cin = wd[0] if l == 0 else wd[l - 1]
            self.add_module("enc%d" % l, ResGaBlock(cin, wd[l], spec, "P1" in sites, self.uncalibrated))
        self.bottleneck = ResGaBlock(wd[D - 1], wd[D], spec, "P3" in sites, False)
        self.dropout = nn.Dropout(FOCUS_DROPOUT)
        for l in reversed(range(D)):
            self.add_module("up%d" % l, conv(wd[l + 1], wd[l], 3))
            self.add_module("dec%d" % l, ResGaBlock(wd[l], wd[l], spec, "P2" in sites, False))
            self.add_module("side%d" % l, nn.Sequential(conv_bn_leaky(3, wd[l], wd[0]), conv(wd[0], k, 1), nn.Sigmoid()))
        self.head = conv_bn_leaky(3, D * k, wd[0])
        self.head_se = se_block(spec, wd[0]) if "P4" in sites else None
        self.classifier = conv(se_out(spec, wd[0]) if "P4" in sites else wd[0], k, 1)

    def forward(self, x):
        h, w = x.shape[2:]
        x = self.stem(pad_to_multiple(x, 2 ** self.DEPTH))
        skips = []
        for l in range(self.DEPTH):
            out, uncal = getattr(self, "enc%d" % l)(x)
            skips.append(uncal if self.uncalibrated else out)
            x = F.max_pool2d(out, 2, 2)
        x = self.dropout(self.bottleneck(x)[0])
        sides = []
        for l in reversed(range(self.DEPTH)):
            x = getattr(self, "up%d" % l)(F.interpolate(x, scale_factor=2, mode="nearest"))
            x = getattr(self, "dec%d" % l)(x + skips[l])[0]
            side = getattr(self, "side%d" % l)(x)
            sides.append(F.interpolate(side, scale_factor=2 ** l, mode="nearest") if l > 0 else side)
        x = self.head(torch.cat(sides, 1))
        if self.head_se is not None:
            x = self.head_se(x)
        return self.classifier(x)[:, :, :h, :w]


def build(spec):
    if spec["architecture"] == "focusnetpp":
        return FocusNetPP(spec)
    return EncoderDecoder(spec)


# ---------------------------------------------------------------- weights from the Java side

def state_entries(model):
    """(tensor, is_parameter, is_transposed) in DJL order; num_batches_tracked is torch-only."""
    out = []
    for module in model.modules():
        if isinstance(module, UpConv):
            # DJL lists the block's own bias before its child convolution's weight.
            out.append((module.bias, True, False))
            out.append((module.weight, True, True))
            continue
        for name, p in module.named_parameters(recurse=False):
            out.append((p, True, False))
        for name, b in module.named_buffers(recurse=False):
            if name != "num_batches_tracked":
                out.append((b, False, False))
    return out


def load_djl(model, index, flat):
    entries = state_entries(model)
    if len(entries) != len(index):
        raise ValueError("twin has %d tensors, Java exported %d" % (len(entries), len(index)))
    with torch.no_grad():
        for (t, _, transposed), e in zip(entries, index):
            v = torch.from_numpy(flat[e["offset"]:e["offset"] + int(np.prod(e["shape"]))].copy()).reshape(e["shape"])
            if transposed:
                # Java: 1x1 conv weight (4F, Cin, 1, 1), channel 4*co + 2i + j -> torch (Cin, F, 2, 2)
                cin = v.shape[1]
                v = v.reshape(-1, 2, 2, cin).permute(3, 0, 1, 2)
            if tuple(v.shape) != tuple(t.shape):
                raise ValueError("%s: Java shape %s, twin shape %s" % (e["name"], e["shape"], list(t.shape)))
            t.copy_(v)
    return entries


def transposed_grad_to_djl(g):
    """Inverse of the weight permutation above, for comparing gradients."""
    cin, f = g.shape[0], g.shape[1]
    return g.permute(1, 2, 3, 0).reshape(4 * f, cin, 1, 1)


# ---------------------------------------------------------------- loss (train.loss.CombinedLoss, unit class weights)

def ce_plus_dice(logits, labels, pixel_weights):
    ce = F.cross_entropy(logits, labels, reduction="none")
    wce = (ce * pixel_weights).sum() / labels.numel()
    p = logits.softmax(1)
    one_hot = F.one_hot(labels, logits.shape[1]).permute(0, 3, 1, 2).to(p.dtype)
    inter = (p * one_hot).sum((0, 2, 3))
    truth = one_hot.sum((0, 2, 3))
    dice = 2 * inter / (p.sum((0, 2, 3)) + truth + DICE_EPSILON)
    present = (truth > 0).to(p.dtype)
    return wce + (present.sum() - (dice * present).sum()) / present.sum().clamp_min(1e-38)


# ---------------------------------------------------------------- worker

def memory_kb():
    fields = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmHWM", "VmRSS")):
                k, v = line.split(":")
                fields[k] = int(v.split()[0])
    return fields.get("VmHWM", -1), fields.get("VmRSS", -1)


def read_floats(path):
    return np.fromfile(path, dtype="<f4")


class Worker:
    def __init__(self):
        self.step = None

    def hello(self, cmd):
        return {"torch": torch.__version__, "numpy": np.__version__, "threads": torch.get_num_threads(),
                "interop_threads": torch.get_num_interop_threads(), "python": sys.version.split()[0]}

    def check(self, cmd):
        """Loads the Java network; writes its probabilities (inference mode, then training mode) in float32 and
        the float64 gradients of sum(logits * G) in inference mode."""
        d = cmd["dir"]
        with open(os.path.join(d, "meta.json")) as f:
            meta = json.load(f)
        torch.manual_seed(0)
        model = build(meta["spec"])
        entries = load_djl(model, meta["params"], read_floats(os.path.join(d, "params.bin")))
        x = torch.from_numpy(read_floats(os.path.join(d, "input.bin"))).reshape(meta["input_shape"])
        gw = torch.from_numpy(read_floats(os.path.join(d, "grad_weights.bin"))).reshape(meta["output_shape"])
        model.eval()
        with torch.no_grad():
            p32 = model(x).softmax(1)
        p32.numpy().astype("<f4").tofile(os.path.join(d, "twin_eval.bin"))
        # float64: no float32 rounding near a ReLU kink or a max-pool tie can send a gradient elsewhere.
        model.double()
        logits64 = model(x.double())
        (logits64 * gw.double()).sum().backward()
        self._gradients(entries).numpy().astype("<f8").tofile(os.path.join(d, "twin_grads64.bin"))
        rounding = (logits64.detach().softmax(1) - p32.double()).abs().max().item()
        model.float()
        if meta.get("train_mode", False):
            model.train()
            with torch.no_grad():
                model(x).softmax(1).numpy().astype("<f4").tofile(os.path.join(d, "twin_train.bin"))
        return {"ok": True, "float32_rounding": rounding}

    @staticmethod
    def _gradients(entries):
        """The gradients of the learned parameters, flattened in DJL's order and layout."""
        grads = []
        for t, is_param, transposed in entries:
            if not is_param:
                continue
            g = t.grad if t.grad is not None else torch.zeros_like(t)
            grads.append((transposed_grad_to_djl(g) if transposed else g).reshape(-1))
        return torch.cat(grads)

    def ceiling(self, cmd):
        """GFLOP/s of the best of reps timed 3x3 convolutions, 64 to 64 channels on 512x512 (after one untimed)."""
        c, side = 64, 512
        x = torch.rand(1, c, side, side)
        w = torch.rand(c, c, 3, 3) * 0.1 - 0.05
        b = torch.zeros(c)
        best = float("inf")
        with torch.no_grad():
            for i in range(cmd["reps"] + 1):
                t0 = time.perf_counter()
                y = torch.nn.functional.conv2d(x, w, b, padding=1)
                del y
                if i > 0:
                    best = min(best, time.perf_counter() - t0)
        return {"gflops": 2.0 * c * c * 9 * side * side / 1e9 / best}

    def setup(self, cmd):
        torch.manual_seed(cmd.get("seed", 0))
        spec, shape = cmd["spec"], cmd["shape"]
        model = build(spec)
        g = torch.Generator().manual_seed(cmd.get("seed", 0))
        x = torch.rand(shape, generator=g)
        if cmd["op"] == "infer":
            model.eval()

            def step():
                with torch.no_grad():
                    p = model(x).softmax(1)
                del p
        else:
            model.train()
            n, _, h, w = shape
            labels = (torch.arange(h) * len(spec["classes"]) // h).view(1, h, 1).expand(n, h, w).contiguous()
            weights = torch.ones(labels.shape)
            opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.95, weight_decay=1e-4)

            def step():
                opt.zero_grad(set_to_none=True)
                loss = ce_plus_dice(model(x), labels, weights)
                loss.backward()
                opt.step()
        self.step = step
        return {"ok": True}

    def round(self, cmd):
        for _ in range(cmd.get("warmup", 1)):
            self.step()
        times = []
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        for _ in range(cmd["reps"]):
            t0 = time.perf_counter()
            self.step()
            times.append((time.perf_counter() - t0) * 1000.0)
        hwm, rss = memory_kb()
        return {"times_ms": times, "vmhwm_kb": hwm, "vmrss_kb": rss,
                "minor_faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults}


def main():
    threads = int(os.environ.get("SCSE_TWIN_THREADS", "0"))
    if threads > 0:
        torch.set_num_threads(threads)
        torch.set_num_interop_threads(1)
    worker = Worker()
    out = sys.stdout
    sys.stdout = sys.stderr  # stray prints must not corrupt the protocol
    for line in sys.stdin:
        if not line.strip():
            continue
        cmd = json.loads(line)
        name = cmd.get("cmd")
        if name == "quit":
            break
        try:
            reply = getattr(worker, name)(cmd)
        except Exception as e:  # reported to the Java side, which shows it
            import traceback
            traceback.print_exc()
            reply = {"error": "%s: %s" % (type(e).__name__, e)}
        out.write(json.dumps(reply) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
