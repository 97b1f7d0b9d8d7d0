"""PyTorch retraces an engine run (scripts/dev/loss-twin.ts wrote it): from the engine's initial weights, on the engine's batches,
with the golden heads (scripts/golden/losses.py) and angular_recipes.py's optimizer (SGD momentum 0.9, weight decay 5e-4, clip 1,
warm-up + cosine). At each step the engine saved, the worst relative difference of every parameter; at the end angular_recipes.py's
figures of both networks.
  /usr/bin/python3 scripts/dev/loss_twin.py /tmp/twin [--float32]   (--float32: skip the float64 run)
One JSON line per saved step, then one per network.
"""
import glob, json, math, os, re, sys
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from angular_recipes import evaluate, load_mnist, lr_at  # noqa: E402  (it puts scripts/golden and the reference on the path)
from load_weights import load  # noqa: E402
from losses import forward as head_loss  # noqa: E402
from recipe_eval import Loaded  # noqa: E402


def features(model, sd, x):
    """load_weights.features_of with gradients."""
    for s, stage in enumerate(model['widths']):
        for k in range(len(stage)):
            i = f'{s + 1}_{k + 1}'
            x = F.prelu(F.conv2d(x, sd[f'conv{i}.weight'], sd[f'conv{i}.bias'], padding=2), sd[f'prelu{i}.weight'])
        x = F.max_pool2d(x, 2)
    return F.prelu(F.linear(x.flatten(1), sd['fc1.weight'], sd['fc1.bias']), sd['prelu_fc1.weight'])


def train(model, sd0, kind, params, run, a, h, xtr, ytr, dtype, snaps):
    """The run retraced in `dtype`; the parameters at each saved step."""
    sd = {k: v.to(dtype).clone().requires_grad_(True) for k, v in sd0.items()}
    used = [v for k, v in sd.items() if k != 'fc2.bias' or kind in ('softmax', 'center')]
    opt = torch.optim.SGD(list(sd.values()), lr=h['lr'], momentum=h['momentum'], weight_decay=h['weightDecay'])
    out = {}
    for s, idx in enumerate(run['batches']):
        idx = torch.tensor(idx)
        for g in opt.param_groups: g['lr'] = lr_at(a, s)
        f = features(model, sd, xtr[idx].to(dtype))
        loss, _parts, _logits, _ = head_loss(kind, f, sd['fc2.weight'], sd.get('fc2.bias'), ytr[idx], params, s, None, diagnostics=False)
        opt.zero_grad(); loss.backward()
        torch.nn.utils.clip_grad_norm_(used, h['clip'])
        opt.step()
        if s + 1 in snaps: out[s + 1] = {k: v.detach().clone() for k, v in sd.items()}
    return out


def main(folder, float32_only):
    torch.set_num_threads(1)
    with open(os.path.join(folder, 'step0.json')) as fh: model, sd, _c, kind, params, _ = load(json.load(fh))
    with open(os.path.join(folder, 'batches.json')) as fh: run = json.load(fh)
    h = run['hyper']
    sched = h['schedule']
    a = type('A', (), {'lr': h['lr'], 'warmup': sched['warmupSteps'], 'decay': sched['decaySteps'], 'floor': sched['floor']})()
    snaps = {int(re.search(r'step(\d+)', p).group(1)): p for p in glob.glob(os.path.join(folder, 'step*.json'))}
    snaps.pop(0, None)
    xtr, ytr = load_mnist('train')
    if kind == 'center': raise SystemExit('center loss: not retraced here (its centers update outside the optimizer)')
    engine = {}
    for n, p in snaps.items():
        with open(p) as fh: engine[n] = load(json.load(fh))[1]
    # float32 as both engines train, float64 as the golden vectors: their gap is what rounding alone makes of the same run.
    nets = {dt: train(model, sd, kind, params, run, a, h, xtr, ytr, dt, snaps) for dt in ((torch.float32,) if float32_only else (torch.float32, torch.float64))}
    # The angular heads leave fc2's bias out: PyTorch's SGD skips it (no gradient), the engine decays it; it enters no figure.
    keys = [k for k in sd if k != 'fc2.bias' or kind in ('softmax', 'center')]
    rel = lambda a, b: max(float((a[k].double() - b[k].double()).abs().max() / b[k].double().abs().max().clamp_min(1e-12)) for k in keys)
    for n in sorted(snaps):
        p32 = nets[torch.float32][n]
        row = {'step': n, 'engineVsTorch32': f'{rel(engine[n], p32):.2e}'}
        if not float32_only:
            p64 = nets[torch.float64][n]
            row.update(engineVsTorch64=f'{rel(engine[n], p64):.2e}', torch32VsTorch64=f'{rel(p32, p64):.2e}')
        print(json.dumps(row), flush=True)
    sd = {k: v.float() for k, v in nets[torch.float32][max(snaps)].items()}
    xte, yte = load_mnist('test')
    last = max(snaps)
    with open(snaps[last]) as fh: m2, eng, *_ = load(json.load(fh))
    print(json.dumps({'net': 'pytorch', 'steps': len(run['batches']), **evaluate(Loaded(model, {k: v.detach() for k, v in sd.items()}), kind, xte, yte)}))
    print(json.dumps({'net': 'engine', 'step': last, **evaluate(Loaded(m2, eng), kind, xte, yte)}))


if __name__ == '__main__':
    main(sys.argv[1], '--float32' in sys.argv[2:])
