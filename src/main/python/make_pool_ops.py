"""Writes the two TorchScript op modules that PoolSwitches calls, because DJL has neither op.

    max_pool2x_with_indices.pt: x (N, C, H, W) -> (max_pool2d(x, 2, 2), flat indices into each H x W plane)
    max_unpool2x.pt:            (y, indices)   -> max_unpool2d(y, indices, 2, 2), size (2 H', 2 W')

Run once with a python that has torch (Debian's python3-torch 1.13 made the committed files; libtorch
2.7.1 loads them):  python3 src/main/python/make_pool_ops.py src/main/resources/org/scsefiji/nn/ops
The modules have no parameters; both ops are differentiable in y / x as in eager PyTorch.
nn.MaxUnpool2d cannot be scripted in torch 1.13 ("Expected IntList but got Int"): the functional form can.
"""
import os
import sys
from typing import Tuple

import torch
import torch.nn.functional as F


class MaxPool2xWithIndices(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        return F.max_pool2d_with_indices(x, [2, 2], [2, 2])


class MaxUnpool2x(torch.nn.Module):
    def forward(self, y: torch.Tensor, indices: torch.Tensor) -> torch.Tensor:
        return F.max_unpool2d(y, indices, [2, 2], [2, 2])


def check(pool, unpool):
    """The scripted modules give what eager PyTorch gives, ties included (first maximum of each window)."""
    g = torch.Generator().manual_seed(0)
    for x in (torch.randn(2, 3, 6, 8, generator=g), torch.relu(torch.round(torch.randn(2, 3, 6, 8, generator=g)))):
        x.requires_grad_(True)
        y, idx = pool(x)
        ey, eidx = F.max_pool2d(x, 2, 2, return_indices=True)
        assert torch.equal(y, ey) and torch.equal(idx, eidx)
        u = unpool(y, idx)
        assert torch.equal(u, F.max_unpool2d(ey, eidx, 2, 2))
        w = torch.randn(u.shape, generator=g)
        (gx,) = torch.autograd.grad((u * w).sum(), x)
        (egx,) = torch.autograd.grad((F.max_unpool2d(ey, eidx, 2, 2) * w).sum(), x)
        assert torch.equal(gx, egx)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    pool = torch.jit.script(MaxPool2xWithIndices())
    unpool = torch.jit.script(MaxUnpool2x())
    check(pool, unpool)
    pool.save(os.path.join(out_dir, "max_pool2x_with_indices.pt"))
    unpool.save(os.path.join(out_dir, "max_unpool2x.pt"))
    print("torch", torch.__version__, "wrote", out_dir)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
