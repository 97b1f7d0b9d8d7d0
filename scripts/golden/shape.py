"""Golden values of the shape metrics, from the PyTorch reference's own functions (tools/torch-reference/shape.py).

Small synthetic feature sets, 2-D and 3-D: spokes (long thin classes pointing outward), round blobs, and classes of
unequal size. Writes test/reference/shape.json, checked by src/ml/shape.test.ts:

  /usr/bin/python3 scripts/golden/shape.py [PATH/TO/torch-reference]
"""
import json, os, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REF = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('TORCH_REFERENCE', '/work/shared/tools/torch-reference')
sys.path.insert(0, REF)
from shape import elongation, within_between  # noqa: E402

OUT = os.path.join(HERE, '..', '..', 'test', 'reference', 'shape.json')


def cloud(rng, dim, classes, per_class, radial, across):
    """Each class around a mean 4 from the origin in its own direction; spread `radial` along it, `across` across."""
    f, y = [], []
    for c in range(classes):
        u = rng.normal(size=dim); u /= np.linalg.norm(u)
        basis = np.linalg.qr(np.column_stack([u, rng.normal(size=(dim, dim - 1))]))[0]
        n = per_class[c] if isinstance(per_class, list) else per_class
        z = rng.normal(size=(n, dim)) * np.array([radial] + [across] * (dim - 1))
        f.append(4 * u + z @ basis.T); y += [c] * n
    return np.concatenate(f), np.array(y)


def main():
    rng = np.random.default_rng(27)
    cases = []
    for name, dim, classes, per, radial, across in [
        ('spokes 2-D', 2, 10, 40, 1.5, 0.4), ('blobs 2-D', 2, 10, 40, 0.5, 0.45),
        ('spokes 3-D', 3, 10, 40, 1.5, 0.4), ('blobs 3-D', 3, 10, 40, 0.5, 0.45),
        ('unequal classes 2-D', 2, 4, [5, 60, 12, 30], 1.0, 0.6), ('unequal classes 3-D', 3, 5, [7, 3, 50, 20, 9], 0.8, 0.5),
    ]:
        f, y = cloud(rng, dim, classes, per, radial, across)
        f = np.round(f, 6)  # the test reads these decimals back exactly
        cases.append({'name': name, 'dim': dim, 'features': f.reshape(-1).tolist(), 'labels': y.tolist(),
                      'elongation': elongation(f, y), 'withinBetween': within_between(f, y)})
    with open(OUT, 'w') as fh:
        json.dump({'source': 'tools/torch-reference/shape.py elongation, within_between (float64)', 'cases': cases}, fh)
        fh.write('\n')
    for c in cases:
        print(c['name'], round(c['elongation'], 4), round(c['withinBetween'], 5))


if __name__ == '__main__':
    main()
