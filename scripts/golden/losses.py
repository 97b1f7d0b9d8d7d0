"""Golden values of the loss heads, from PyTorch in float64, written from the papers' formulas.

Writes test/reference/loss_<kind>_d2.json and loss_<kind>_d3.json for kind in softmax, center, sphereface, cosface,
arcface, normface. Each file holds a few cases: fixed features (treated as parameters), fc2's W [classes, dim] and b, labels (a class
absent from every batch), the loss's parameters (the app's flat Hyper keys) and the step; the outputs are the loss and its
parts, the logits fed to the cross-entropy (after the margin), ∂L/∂features, ∂L/∂W, ∂L/∂b, and features, W, b (and the
centers) after three steps of SGD with momentum, the step (annealing, margin ramp, λ warm-up) advancing by one each time.
The formulas and the protocol are spelled out in test/reference/README.md. Every gradient is checked against central finite
differences here before anything is written.

  /usr/bin/python3 scripts/golden/losses.py
"""
import json, math, os
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'reference')
CLASSES, LR, MOMENTUM, STEPS = 10, 0.1, 0.9, 3
SPHERE_BASE, SPHERE_GAMMA, SPHERE_POWER = 1000.0, 0.12, 1.0
SIN2_FLOOR = 1e-7


def ramped(m, ramp_steps, step):
    """The margin at a step: rises linearly as the app's λ warm-up does, m·(step + 1)/ramp, full from step ramp − 1 on."""
    return m * (step + 1) / ramp_steps if ramp_steps and step < ramp_steps else m


def sphere_lambda(p, step):
    return max(p['sphereLambdaMin'], SPHERE_BASE * (1 + SPHERE_GAMMA * step) ** (-SPHERE_POWER))


def cos_m_theta(c, m):
    """cos(mθ) as the Chebyshev polynomial T_m(cos θ), as the SphereFace code computes it."""
    return [lambda c: c ** 0, lambda c: c, lambda c: 2 * c ** 2 - 1, lambda c: 4 * c ** 3 - 3 * c, lambda c: 8 * c ** 4 - 8 * c ** 2 + 1][m](c)


def cosines(x, w):
    """cos θ_ij between feature i and fc2 row j, both normalised."""
    return F.normalize(x, dim=1) @ F.normalize(w, dim=1).t()


def forward(kind, x, w, b, y, p, step, centers=None, diagnostics=True):
    """(total loss, named parts, logits into the cross-entropy, extra diagnostics); any dtype, as the recipes train with it."""
    onehot = F.one_hot(y, CLASSES).to(x.dtype)
    extra = {}
    if kind in ('softmax', 'center'):
        logits = x @ w.t() + b
        ce = F.cross_entropy(logits, y)
        if kind == 'softmax':
            return ce, {'ce': ce}, logits, extra
        lam = p['lambda'] * (step + 1) / p['lambdaWarmupSteps'] if p.get('lambdaWarmupSteps') and step < p['lambdaWarmupSteps'] else p['lambda']
        lc = ((x - centers[y]) ** 2).sum(1).mean()
        extra['lambdaAtStep'] = lam
        return ce + lam * lc, {'ce': ce, 'center': lc}, logits, extra
    c = cosines(x, w)
    ct = (c * onehot).sum(1)
    if kind == 'sphereface':
        m = p['sphereM']
        theta = torch.acos(ct.clamp(-1, 1))
        k = torch.floor(m * theta.detach() / math.pi)
        psi = (-1) ** k * cos_m_theta(ct, m) - 2 * k
        lam = sphere_lambda(p, step)
        norm = x.norm(dim=1)
        target = (lam * norm * ct + norm * psi) / (1 + lam)
        logits = norm[:, None] * c * (1 - onehot) + target[:, None] * onehot
        if diagnostics: extra.update(lambdaS=lam, k=k.tolist(), psi=psi.tolist(), thetaTarget=theta.tolist())
    elif kind == 'normface':
        # NormFace: the same normalised cosines, scaled by s, and no margin on any class.
        logits = p['normS'] * c
    elif kind == 'cosface':
        m = ramped(p['cosM'], p.get('marginRampSteps', 0), step)
        logits = p['cosS'] * (c - m * onehot)
        extra.update(marginAtStep=m)
    elif kind == 'arcface':
        m = ramped(p['arcM'], p.get('marginRampSteps', 0), step)
        # Floored, not clamped at 0: at cos θ = ±1 exactly (float32, 2-D) sqrt's infinite slope would make the gradient NaN.
        sin = torch.sqrt((1 - ct ** 2).clamp(SIN2_FLOOR, 1))
        phi = ct * math.cos(m) - sin * math.sin(m)
        th, mm = math.cos(math.pi - m), math.sin(math.pi - m) * m
        fallback = ct <= th
        phi = torch.where(fallback, ct - mm, phi)
        logits = p['arcS'] * (c * (1 - onehot) + phi[:, None] * onehot)
        if diagnostics: extra.update(marginAtStep=m, fallback=fallback.tolist(), thetaTarget=torch.acos(ct.clamp(-1, 1)).tolist())
    else:
        raise ValueError(kind)
    ce = F.cross_entropy(logits, y)
    if diagnostics: extra['cosines'] = c.tolist()
    return ce, {'ce': ce}, logits, extra


def finite_difference_check(kind, x, w, b, y, p, step, centers, grads):
    """Central differences, every entry of features, W and b; returns the worst absolute error."""
    worst, h = 0.0, 1e-6
    for t, g in zip((x, w, b), grads):
        flat = t.view(-1)
        for i in range(flat.numel()):
            old = flat[i].item()
            flat[i] = old + h; up = forward(kind, x, w, b, y, p, step, centers)[0].item()
            flat[i] = old - h; dn = forward(kind, x, w, b, y, p, step, centers)[0].item()
            flat[i] = old
            worst = max(worst, abs((up - dn) / (2 * h) - g.view(-1)[i].item()))
    return worst


def updated_centers(rule, x, centers, y, alpha):
    """The app's closed forms: reference c − α·∂L_C/∂c, paper Eq. 4 c − α·Σ(c_j − x_i)/(1 + n_j)."""
    onehot = F.one_hot(y, CLASSES).to(x.dtype)
    counts, sums = onehot.sum(0)[:, None], onehot.t() @ x
    step = -2.0 / x.shape[0] * (sums - counts * centers) if rule == 'reference' else (counts * centers - sums) / (counts + 1)
    return centers - alpha * step


def run_case(kind, case):
    i = case['inputs']
    x0, w0, b0 = (torch.tensor(i[k]) for k in ('features', 'weight', 'bias'))
    y = torch.tensor(i['labels'])
    c0 = torch.tensor(i['centers']) if 'centers' in i else None
    p, step = i['params'], i['step']
    x, w, b = (t.clone().requires_grad_(True) for t in (x0, w0, b0))
    loss, parts, logits, extra = forward(kind, x, w, b, y, p, step, c0)
    gx, gw, gb = torch.autograd.grad(loss, (x, w, b), allow_unused=True)
    gb = torch.zeros_like(b) if gb is None else gb
    with torch.no_grad():
        fd = finite_difference_check(kind, x.detach().clone(), w.detach().clone(), b.detach().clone(), y, p, step, c0, (gx, gw, gb))
    assert fd < 1e-7, f'{kind} {case["name"]}: finite differences disagree by {fd}'
    out = {
        'loss': loss.item(), 'parts': {k: v.item() for k, v in parts.items()}, 'logits': logits.tolist(),
        'gradFeatures': gx.tolist(), 'gradWeight': gw.tolist(), 'gradBias': gb.tolist(), **extra, 'finiteDifferenceWorst': fd,
    }
    # Three steps of SGD with momentum on features, W and b; the centers follow their own rule.
    x, w, b = (t.clone().requires_grad_(True) for t in (x0, w0, b0))
    centers = c0.clone() if c0 is not None else None
    opt = torch.optim.SGD([x, w, b], lr=LR, momentum=MOMENTUM)
    steps = []
    for s in range(STEPS):
        opt.zero_grad()
        loss_s, parts_s, _, _ = forward(kind, x, w, b, y, p, step + s, centers)
        loss_s.backward()
        if b.grad is None: b.grad = torch.zeros_like(b)
        feats_before = x.detach().clone()
        opt.step()
        rec = {'step': step + s, 'loss': loss_s.item(), 'parts': {k: v.item() for k, v in parts_s.items()}}
        if centers is not None:
            centers = updated_centers(p['rule'], feats_before, centers, y, p['alpha'])
            rec['centers'] = centers.tolist()
        rec.update(features=x.detach().tolist(), weight=w.detach().tolist(), bias=b.detach().tolist())
        steps.append(rec)
    out['steps'] = steps
    return {**case, 'outputs': out}


def unit(v):
    return v / v.norm()


def make_inputs(dim, gen, labels, angles, norms, wnorms=None):
    """fc2 rows in random directions; each feature at a chosen angle from its own class's row, so θ is known."""
    w = torch.randn(CLASSES, dim, generator=gen)
    if wnorms is not None: w = F.normalize(w, dim=1) * torch.tensor(wnorms)[:, None]
    feats = []
    for yi, th, r in zip(labels, angles, norms):
        u = unit(w[yi])
        v = torch.randn(dim, generator=gen)
        v = unit(v - (v @ u) * u)  # a direction orthogonal to the row: rotate in the plane of u and v
        feats.append(r * (math.cos(th) * u + math.sin(th) * v))
    return {'features': torch.stack(feats).tolist(), 'labels': labels, 'weight': w.tolist(),
            'bias': (0.1 * torch.randn(CLASSES, generator=gen)).tolist()}


def cases_for(kind, dim):
    gen = torch.Generator().manual_seed({'softmax': 1, 'center': 2, 'sphereface': 3, 'cosface': 4, 'arcface': 5, 'normface': 6}[kind] * 10 + dim)
    b = 12 if dim == 2 else 16
    # Class 7 never appears; class 3 appears several times.
    labels = ([0, 3, 3, 1, 5, 9, 3, 2, 4, 6, 8, 5] + [3, 0, 9, 1])[:b]
    theta = lambda lo, hi: [lo + (hi - lo) * t / (b - 1) for t in range(b)]
    norms = [1.5 + 4.0 * torch.rand(1, generator=gen).item() for _ in range(b)]
    wn = [0.5 + torch.rand(1, generator=gen).item() for _ in range(CLASSES)]
    mk = lambda angles: make_inputs(dim, gen, labels, angles, norms, wn)
    if kind == 'softmax':
        return [{'name': 'mixed', 'note': 'plain softmax CE on x·Wᵀ + b; class 7 absent', 'inputs': {**mk(theta(0.1, 3.0)), 'params': {}, 'step': 0}}]
    if kind == 'center':
        c = lambda: (2 * torch.randn(CLASSES, dim, generator=gen)).tolist()
        return [
            {'name': 'reference_warmup', 'note': 'reference rule, λ warm-up mid-way (λ_step = λ·(step+1)/warm-up)',
             'inputs': {**mk(theta(0.1, 3.0)), 'centers': c(), 'params': {'lambda': 0.5, 'alpha': 0.5, 'rule': 'reference', 'lambdaWarmupSteps': 10}, 'step': 4}},
            {'name': 'paper_rule', 'note': 'paper Eq. 4 rule, λ = 1, no warm-up',
             'inputs': {**mk(theta(0.2, 2.5)), 'centers': c(), 'params': {'lambda': 1.0, 'alpha': 0.5, 'rule': 'paper', 'lambdaWarmupSteps': 0}, 'step': 0}},
        ]
    if kind == 'sphereface':
        # θ from 0.1 to 3.0 at m = 4 spans k = 0..3 (k = floor(4θ/π)); at m = 2, k = 0..1.
        wide = theta(0.1, 3.0)
        return [
            {'name': 'm4_step0', 'note': 'λ_s = 1000 at step 0; targets at k = 0..3', 'inputs': {**mk(wide), 'params': {'sphereM': 4, 'sphereLambdaMin': 5}, 'step': 0}},
            {'name': 'm4_step1', 'note': 'λ_s = 1000/1.12 at step 1', 'inputs': {**mk(wide), 'params': {'sphereM': 4, 'sphereLambdaMin': 5}, 'step': 1}},
            {'name': 'm4_lambda_min', 'note': 'step 5000: 1000/601 < λ_min = 5, so λ_s = 5', 'inputs': {**mk(wide), 'params': {'sphereM': 4, 'sphereLambdaMin': 5}, 'step': 5000}},
            {'name': 'm2_mid', 'note': 'm = 2, step 100 (λ_s = 1000/13), λ_min 0', 'inputs': {**mk(wide), 'params': {'sphereM': 2, 'sphereLambdaMin': 0}, 'step': 100}},
        ]
    if kind == 'cosface':
        return [
            {'name': 's10_m0.2', 'note': 's = 10, m = 0.2, no ramp', 'inputs': {**mk(theta(0.1, 3.0)), 'params': {'cosS': 10, 'cosM': 0.2, 'marginRampSteps': 0}, 'step': 0}},
            {'name': 'ramp_midway', 'note': 's = 16, m = 0.35 ramped over 10 steps, at step 4 (m_step = 0.35·5/10)',
             'inputs': {**mk(theta(0.1, 3.0)), 'params': {'cosS': 16, 'cosM': 0.35, 'marginRampSteps': 10}, 'step': 4}},
        ]
    if kind == 'arcface':
        # θ up to 3.05 > π − 0.5 ≈ 2.64: the last targets take the cos θ − m·sin m fallback.
        return [
            {'name': 's10_m0.5_past_pi_minus_m', 'note': 's = 10, m = 0.5; targets past θ = π − m use cos θ − m·sin m',
             'inputs': {**mk(theta(0.1, 3.05)), 'params': {'arcS': 10, 'arcM': 0.5, 'marginRampSteps': 0}, 'step': 0}},
            {'name': 'ramp_midway', 'note': 's = 16, m = 0.5 ramped over 10 steps, at step 4 (m_step = 0.25)',
             'inputs': {**mk(theta(0.1, 3.05)), 'params': {'arcS': 16, 'arcM': 0.5, 'marginRampSteps': 10}, 'step': 4}},
        ]
    if kind == 'normface':
        return [
            {'name': 's10', 'note': 's = 10, no margin: logits s·cos θ_j for every class', 'inputs': {**mk(theta(0.1, 3.0)), 'params': {'normS': 10}, 'step': 0}},
            {'name': 's16_late', 'note': 's = 16 at step 500: NormFace has no schedule, the step changes nothing', 'inputs': {**mk(theta(0.05, 3.1)), 'params': {'normS': 16}, 'step': 500}},
        ]
    raise ValueError(kind)


def main():
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    for kind in ('softmax', 'center', 'sphereface', 'cosface', 'arcface', 'normface'):
        for dim in (2, 3):
            cases = [run_case(kind, c) for c in cases_for(kind, dim)]
            doc = {'about': f'{kind} loss head, {dim}-D features, float64 PyTorch {torch.__version__}; scripts/golden/losses.py; '
                            'formulas and protocol in test/reference/README.md',
                   'kind': kind, 'featDim': dim, 'numClasses': CLASSES, 'dtype': 'float64',
                   'optimizer': {'kind': 'sgd', 'lr': LR, 'momentum': MOMENTUM, 'weightDecay': 0, 'clip': 0, 'steps': STEPS,
                                 'parameters': ['features', 'weight', 'bias']},
                   'cases': cases}
            path = os.path.join(OUT, f'loss_{kind}_d{dim}.json')
            with open(path, 'w') as f: json.dump(doc, f, indent=1)
            print('wrote', os.path.relpath(path), [(c['name'], round(c['outputs']['loss'], 6), f"fd {c['outputs']['finiteDifferenceWorst']:.1e}") for c in cases])


if __name__ == '__main__':
    main()
