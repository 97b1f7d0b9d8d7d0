import { useEffect, useRef } from 'react';
import type { AppStore } from '../store/appStore';
import { useApp } from '../store/appStore';

const nf = new Intl.NumberFormat('en-US');

/** The dataset summary and a grid of real test digits drawn from the served files. */
export function DatasetPanel({ store }: { store: AppStore }) {
  const dataset = useApp(store, (s) => s.dataset);
  const dataError = useApp(store, (s) => s.dataError);
  const trainCounts = useApp(store, (s) => s.trainClassCounts);
  const grid = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (!dataset || !grid.current) return;
    const n = dataset.sampleLabels.length;
    const cols = 16;
    const ctx = grid.current.getContext('2d')!;
    const img = ctx.createImageData(cols * 28, Math.ceil(n / cols) * 28);
    for (let k = 0; k < n; k++) {
      const ox = (k % cols) * 28;
      const oy = Math.floor(k / cols) * 28;
      for (let i = 0; i < 784; i++) {
        const v = 255 - dataset.samplePixels[k * 784 + i]!;
        const p = ((oy + Math.floor(i / 28)) * cols * 28 + ox + (i % 28)) * 4;
        img.data[p] = img.data[p + 1] = img.data[p + 2] = v;
        img.data[p + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
  }, [dataset]);

  if (dataError) {
    return (
      <section className="panel dataset" aria-labelledby="dataset-h">
        <h2 id="dataset-h">Dataset</h2>
        <p className="data-error" role="alert">
          The MNIST data could not be loaded: {dataError}
        </p>
      </section>
    );
  }
  if (!dataset) {
    return (
      <section className="panel dataset" aria-labelledby="dataset-h" aria-busy="true">
        <h2 id="dataset-h">Dataset</h2>
        <p>Loading MNIST…</p>
      </section>
    );
  }
  const n = dataset.sampleLabels.length;
  return (
    <section className="panel dataset" aria-labelledby="dataset-h" data-testid="dataset">
      <h2 id="dataset-h">Dataset</h2>
      <p data-testid="dataset-counts">
        {nf.format(dataset.trainCount)} training / {nf.format(dataset.testCount)} test digits
      </p>
      <p className="muted">
        MNIST, {(dataset.bytes / 1e6).toFixed(1)} MB downloaded, checked and decoded in {(dataset.loadMs / 1000).toFixed(1)} s.
      </p>
      {trainCounts && (
        <p className="small" data-testid="train-class-counts" data-counts={trainCounts.join(',')}>
          Training on {nf.format(trainCounts.reduce((a, b) => a + b, 0))} digits
          {trainCounts.includes(0) && `: digit ${trainCounts.indexOf(0)} is held out`}.
        </p>
      )}
      <canvas
        ref={grid}
        data-testid="digit-grid"
        className="digit-grid"
        width={16 * 28}
        height={Math.ceil(n / 16) * 28}
        role="img"
        aria-label={`The first ${n} test digits: ${Array.from(dataset.sampleLabels).join(' ')}`}
      />
    </section>
  );
}
