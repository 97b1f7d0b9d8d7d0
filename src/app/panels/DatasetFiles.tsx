/** Bring your own IDX files: a drop zone with a file picker, what happened to each file, and MNIST back in one click. */
import { useState } from 'react';
import { MAX_CLASSES, MIN_CLASSES } from '../../ml/datasetSpec';
import type { Actions } from '../bridge';
import type { AppStore } from '../store/appStore';
import { useApp } from '../store/appStore';
import { specOf } from '../store/datasetOf';
import { faultsByFile, NEEDED_FILES } from './datasetWords';
import { KNOWN_DATASETS } from '../../ml/knownDatasets';

/** "Fashion-MNIST and KMNIST are": the sets known by checksum besides the bundled MNIST. */
const others = KNOWN_DATASETS.filter((d) => d.id !== 'mnist').map((d) => d.name);
const RECOGNISED = others.length > 1 ? `${others.slice(0, -1).join(', ')} and ${others.at(-1)!} are` : `${others[0] ?? 'MNIST'} is`;

export function DatasetFiles({ store, actions }: { store: AppStore; actions: Actions }) {
  const request = useApp(store, (s) => s.datasetRequest);
  const spec = useApp(store, (s) => specOf(s));
  const failedToLoad = useApp(store, (s) => s.dataError !== null);
  const [refused, setRefused] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const checking = request?.status === 'checking';

  const take = async (list: FileList | null) => {
    const files = Array.from(list ?? []);
    if (files.length === 0) return;
    if (files.length !== NEEDED_FILES) {
      setRefused(`Drop the four IDX files together (training images and labels, test images and labels); got ${files.length}: ${files.map((f) => f.name).join(', ')}.`);
      return;
    }
    setRefused(null);
    actions.setDataset(await Promise.all(files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() }))));
  };
  const faults = request?.status === 'failed' ? faultsByFile(request.files, request.message ?? '') : null;

  return (
    <div className="dataset-files">
      <div
        className={over ? 'drop-zone over' : 'drop-zone'}
        data-testid="dataset-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void take(e.dataTransfer.files);
        }}
      >
        <label>
          Train on your own data: drop the four IDX files here (raw or .gz, as MNIST ships them), or{' '}
          <input type="file" multiple data-testid="dataset-files" disabled={checking} onChange={(e) => void take(e.target.files).then(() => (e.target.value = ''))} aria-describedby="dataset-files-help" />
        </label>
        <p id="dataset-files-help" className="small muted">
          28 × 28 grey images, {MIN_CLASSES} to {MAX_CLASSES} classes. {RECOGNISED} recognised and get their class names. The files stay in this browser.
        </p>
      </div>
      {refused && (
        <p className="data-error small" role="alert" data-testid="dataset-refused">
          {refused}
        </p>
      )}
      {request && (
        <ul className="dataset-file-list small" data-testid="dataset-file-status" aria-live="polite">
          {request.files.map((name) => (
            <li key={name} className={faults?.perFile.get(name) ? 'data-error' : undefined}>
              <b>{name}</b>: {checking ? 'checking…' : (faults?.perFile.get(name) ?? 'not loaded (another file was refused)')}
            </li>
          ))}
          {faults?.general && (
            <li className="data-error" role="alert">
              {faults.general}
            </li>
          )}
        </ul>
      )}
      {request?.status === 'failed' && (
        <p className="small" data-testid="dataset-kept" role="alert">
          Nothing was changed: the page still trains on {spec.name}.
        </p>
      )}
      {spec.source === 'files' && (
        <label className="small transposed-switch" title="EMNIST's files store each image column by column: this turns them back, so that the letters stand upright. Kept with the files.">
          <input type="checkbox" data-testid="dataset-transposed" checked={spec.transposed === true} disabled={checking} onChange={(e) => actions.setTransposed(e.target.checked)} /> Images stored transposed (EMNIST)
        </label>
      )}
      {(spec.source !== 'bundled' || failedToLoad) && (
        <button type="button" className="small-button" data-testid="use-mnist" disabled={checking} onClick={() => actions.useMnist()}>
          Use MNIST
        </button>
      )}
    </div>
  );
}
