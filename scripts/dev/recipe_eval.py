"""PyTorch's figures of weights the engine trained: angular_recipes.py's evaluate() on a weights file loaded strictly by load_weights.py.

Tells a difference in training (engine against PyTorch) from a difference in measuring (src/ml's metrics against angular_recipes.py):
on the same weights both must give the same accuracy, angles, shape and AUROC.
  npx tsx scripts/dev/loss-recipes.ts --losses sphereface --dims 3 --seeds 1 --weights /tmp/w --log /tmp/w/runs.jsonl
  /usr/bin/python3 scripts/dev/recipe_eval.py /tmp/w/sphereface-d3-s1.json …
One JSON line per file.
"""
import json, os, sys
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from angular_recipes import evaluate, load_mnist  # noqa: E402  (it puts scripts/golden and the shared reference on the path)
from load_weights import load, features_of  # noqa: E402


class Loaded:
    """The two things evaluate() reads of a model: its features and its fc2."""

    def __init__(self, model, sd):
        self.model, self.sd = model, sd
        self.fc2 = type('Fc2', (), {'weight': sd['fc2.weight'], 'bias': sd.get('fc2.bias', torch.zeros(sd['fc2.weight'].shape[0]))})()

    def features(self, x):
        return features_of(self.model, self.sd, x)


def main(paths):
    torch.set_num_threads(1)
    xte, yte = load_mnist('test')
    for path in paths:
        with open(path) as fh: doc = json.load(fh)
        model, sd, _centers, kind, params, _ = load(doc)
        print(json.dumps({'file': os.path.basename(path), 'loss': kind, 'dim': model['featDim'], **evaluate(Loaded(model, sd), kind, xte, yte)}), flush=True)


if __name__ == '__main__':
    main(sys.argv[1:])
