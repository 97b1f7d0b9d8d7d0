import { useEffect, useRef } from 'react';
import type { Actions } from '../bridge';
import { inkGrid } from '../charts/inkImage';
import type { AppStore } from '../store/appStore';
import { useApp } from '../store/appStore';
import { className, isDigitSet, itemWord, specOf } from '../store/datasetOf';
import { ClassNamesEditor } from './ClassNamesEditor';
import { DatasetFiles } from './DatasetFiles';

const nf = new Intl.NumberFormat('en-US');
const SIDE = 28;

/** The dataset summary, a grid of real test images drawn from the loaded files, and the drop zone for other files. */
export function DatasetPanel({ store, actions }: { store: AppStore; actions: Actions }) {
  const dataset = useApp(store, (s) => s.dataset);
  const dataError = useApp(store, (s) => s.dataError);
  const trainCounts = useApp(store, (s) => s.trainClassCounts);
  const spec = useApp(store, (s) => specOf(s));
  const grid = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (!dataset || !grid.current) return;
    const n = dataset.sampleLabels.length;
    const cols = 16;
    const ctx = grid.current.getContext('2d')!;
    const img = inkGrid(n, SIDE, cols, (k, i) => dataset.samplePixels[k * SIDE * SIDE + i]!);
    ctx.putImageData(new ImageData(img.data, img.width, img.height), 0, 0);
  }, [dataset]);

  const files = <DatasetFiles store={store} actions={actions} />;
  if (dataError) {
    return (
      <section className="panel dataset" aria-labelledby="dataset-h">
        <h2 id="dataset-h">Dataset</h2>
        <p className="data-error" role="alert">
          The data could not be loaded: {dataError}
        </p>
        {files}
      </section>
    );
  }
  if (!dataset) {
    return (
      <section className="panel dataset" aria-labelledby="dataset-h" aria-busy="true">
        <h2 id="dataset-h">Dataset</h2>
        <p>Loading the data…</p>
      </section>
    );
  }
  const n = dataset.sampleLabels.length;
  const items = itemWord(spec);
  const held = trainCounts?.indexOf(0) ?? -1;
  return (
    <section className="panel dataset" aria-labelledby="dataset-h" data-testid="dataset" data-dataset-id={spec.id}>
      <h2 id="dataset-h">Dataset</h2>
      <p data-testid="dataset-name">
        <b>{spec.name}</b>, {spec.classNames.length} classes{spec.source === 'files' ? ', from your files' : ''}
      </p>
      <p data-testid="dataset-counts">
        {nf.format(dataset.trainCount)} training / {nf.format(dataset.testCount)} test {items}
      </p>
      <p className="muted">
        {(dataset.bytes / 1e6).toFixed(1)} MB {spec.source === 'bundled' ? 'downloaded, ' : ''}checked and decoded in {(dataset.loadMs / 1000).toFixed(1)} s.
      </p>
      {trainCounts && (
        <p className="small" data-testid="train-class-counts" data-counts={trainCounts.join(',')}>
          Training on {nf.format(trainCounts.reduce((a, b) => a + b, 0))} {items}
          {held >= 0 && `: ${className(spec, held)} is held out`}.
        </p>
      )}
      <canvas
        ref={grid}
        data-testid="digit-grid"
        className="digit-grid"
        width={16 * SIDE}
        height={Math.ceil(n / 16) * SIDE}
        role="img"
        aria-label={`The first ${n} test ${items}: ${Array.from(dataset.sampleLabels, (k) => spec.classNames[k] ?? String(k)).join(isDigitSet(spec) ? ' ' : ', ')}`}
      />
      {spec.id.startsWith('custom-') && <ClassNamesEditor store={store} actions={actions} />}
      {files}
    </section>
  );
}
