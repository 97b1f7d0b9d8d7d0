"""Golden values of the model's optimizers, from PyTorch: three steps of SGD with momentum, Adam and AdamW on a tiny LeNet++.

A slim LeNet++ with widths 4/4/8 (the unit tests' tiny model), one batch of 8 made-up digits, λ = 1, the reference center
rule at α = 0.5, clipping at 1 and a warm-up + cosine learning rate, as the app's Trainer takes a step. The initial values
are float32 (what the app holds); the steps are computed in float64. Writes test/reference/optimizers.json:

  /usr/bin/python3 scripts/golden/optimizers.py
"""
import json, math, os
import torch, torch.nn as nn, torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'reference', 'optimizers.json')
MEAN, STD = 0.1307, 0.3081
BATCH, STEPS, LAMBDA, ALPHA, CLIP = 8, 3, 1.0, 0.5, 1.0
SCHEDULE = {'kind': 'warmupCosine', 'warmupSteps': 2, 'decaySteps': 4, 'floor': 0.1}
CASES = [
    {'optimizer': 'sgd', 'lr': 0.05, 'momentum': 0.9, 'weightDecay': 5e-4},
    {'optimizer': 'adam', 'lr': 0.01, 'momentum': 0.9, 'weightDecay': 0.05},
    {'optimizer': 'adamw', 'lr': 0.01, 'momentum': 0.9, 'weightDecay': 0.05},
]


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1_1 = nn.Conv2d(1, 4, 5, padding=2); self.prelu1_1 = nn.PReLU()
        self.conv2_1 = nn.Conv2d(4, 4, 5, padding=2); self.prelu2_1 = nn.PReLU()
        self.conv3_1 = nn.Conv2d(4, 8, 5, padding=2); self.prelu3_1 = nn.PReLU()
        self.fc1 = nn.Linear(8 * 3 * 3, 2); self.prelu_fc1 = nn.PReLU()
        self.fc2 = nn.Linear(2, 10)

    def forward(self, x):
        x = F.max_pool2d(self.prelu1_1(self.conv1_1(x)), 2)
        x = F.max_pool2d(self.prelu2_1(self.conv2_1(x)), 2)
        x = F.max_pool2d(self.prelu3_1(self.conv3_1(x)), 2)
        f = self.prelu_fc1(self.fc1(x.flatten(1)))
        return f, self.fc2(f)


def lr_at(lr, s):
    """config.ts learningRateAt for the warm-up + cosine schedule."""
    w, d, fl = SCHEDULE['warmupSteps'], SCHEDULE['decaySteps'], SCHEDULE['floor']
    if s < w: return lr * (s + 1) / w
    if s >= d: return lr * fl
    t = (s - w) / max(1, d - w)
    return lr * (fl + (1 - fl) * 0.5 * (1 + math.cos(math.pi * t)))


def center_loss(f, y, c):
    """The reference center loss: Σ‖x − c_y‖² / batch, its masked matrix clamped as the original does."""
    b, n = f.size(0), c.size(0)
    dist = (f ** 2).sum(1, keepdim=True).expand(b, n) + (c ** 2).sum(1, keepdim=True).expand(n, b).t() - 2.0 * f @ c.t()
    mask = F.one_hot(y, n).to(dist.dtype)
    return (dist * mask).clamp(min=1e-12, max=1e12).sum() / b


torch.manual_seed(0)
init = {k: v.detach().clone() for k, v in Tiny().state_dict().items()}
gen = torch.Generator().manual_seed(1)
pixels = torch.randint(0, 256, (BATCH, 28 * 28), generator=gen, dtype=torch.int64)
labels = torch.tensor([3, 1, 4, 1, 5, 9, 2, 6])
centers0 = torch.randn(10, 2, generator=gen, dtype=torch.float32)
x = ((pixels.double() / 255.0 - MEAN) / STD).view(BATCH, 1, 28, 28)

cases = []
for case in CASES:
    model = Tiny().double()
    model.load_state_dict({k: v.double() for k, v in init.items()})
    centers = nn.Parameter(centers0.double().clone())
    params = list(model.parameters())
    if case['optimizer'] == 'sgd': om = torch.optim.SGD(params, lr=case['lr'], momentum=case['momentum'], weight_decay=case['weightDecay'])
    elif case['optimizer'] == 'adam': om = torch.optim.Adam(params, lr=case['lr'], weight_decay=case['weightDecay'])
    else: om = torch.optim.AdamW(params, lr=case['lr'], weight_decay=case['weightDecay'])
    oc = torch.optim.SGD([centers], lr=ALPHA)
    steps = []
    for s in range(STEPS):
        for g in om.param_groups: g['lr'] = lr_at(case['lr'], s)
        f, logits = model(x)
        loss = F.cross_entropy(logits, labels) + LAMBDA * center_loss(f, labels, centers)
        om.zero_grad(); oc.zero_grad(); loss.backward()
        torch.nn.utils.clip_grad_norm_(params, CLIP)
        om.step()
        centers.grad.data *= 1.0 / LAMBDA
        oc.step()
        steps.append({
            'lr': lr_at(case['lr'], s),
            'loss': loss.item(),
            'params': {k: v.flatten().tolist() for k, v in model.state_dict().items()},
            'centers': centers.detach().flatten().tolist(),
        })
    names = [k for k, _ in model.named_parameters()]
    state = {k: {b: v.flatten().tolist() for b, v in om.state[p].items() if b != 'step'} for k, p in zip(names, params)}
    cases.append({**case, 'steps': steps, 'state': state})

json.dump({
    'about': 'torch.optim SGD (momentum), Adam and AdamW: 3 steps of a tiny LeNet++ (widths 4/4/8) with center loss; scripts/golden/optimizers.py',
    'torch': torch.__version__,
    'inputs': {
        'pixels': pixels.flatten().tolist(), 'labels': labels.tolist(), 'centers': centers0.flatten().tolist(),
        'params': {k: {'shape': list(v.shape), 'data': v.flatten().tolist()} for k, v in init.items()},
        'lambda': LAMBDA, 'alpha': ALPHA, 'clip': CLIP, 'batchSize': BATCH, 'schedule': SCHEDULE,
    },
    'cases': cases,
}, open(OUT, 'w'))
print('wrote', OUT)
