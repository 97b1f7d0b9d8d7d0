import { useEffect } from 'react';
import { connect, type Actions } from './bridge';
import { ScatterView } from './charts/ScatterView';
import { AccuracyChart, LossChart } from './charts/TimeCharts';
import { Controls } from './controls/Controls';
import { ExportData } from './controls/ExportData';
import { importFile } from './controls/WeightsControls';
import { DatasetPanel } from './panels/DatasetPanel';
import { FormulasPanel } from './panels/FormulasPanel';
import { Header } from './panels/Header';
import { MetricsPanel } from './panels/MetricsPanel';
import { Notices } from './panels/Notices';
import { addNotice, createAppStore, useApp, type AppStore } from './store/appStore';
import { createEmbeddingState, type EmbeddingState } from './store/embedding';
import { createSeries, type Series } from './store/series';
import { parseHash } from './store/urlState';

export interface Application {
  store: AppStore;
  series: Series;
  embedding: EmbeddingState;
  actions: Actions;
}

/** Created once, outside React: the worker must not be started twice by StrictMode. */
export function createApplication(): Application {
  const { config, notices } = parseHash(location.hash);
  const store = createAppStore(config);
  for (const n of notices) addNotice(store, 'warning', n);
  const series = createSeries();
  const embedding = createEmbeddingState();
  return { store, series, embedding, actions: connect(store, series, embedding) };
}

export function App({ app }: { app: Application }) {
  const { store, series, embedding, actions } = app;
  const heldOut = useApp(store, (s) => s.config.heldOutClass);
  const backend = useApp(store, (s) => s.backend);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t.closest('input, select, textarea, [contenteditable]') || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === ' ' && !t.closest('button')) {
        e.preventDefault();
        actions.toggle();
      } else if (e.key === 'ArrowRight' && !t.closest('canvas')) {
        e.preventDefault();
        actions.stepOnce();
      }
    };
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (file) void importFile(file, store, actions);
    };
    const onDragOver = (e: DragEvent) => e.preventDefault();
    window.addEventListener('keydown', onKey);
    window.addEventListener('drop', onDrop);
    window.addEventListener('dragover', onDragOver);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('dragover', onDragOver);
    };
  }, [actions, store]);

  return (
    <div className="app">
      <Header store={store} />
      <Notices store={store} actions={actions} />
      <main className="layout">
        <aside className="side">
          <Controls store={store} actions={actions} />
          <DatasetPanel store={store} />
          <FormulasPanel store={store} />
        </aside>
        <section className="center" aria-label="Embedding">
          <ScatterView embedding={embedding} heldOut={heldOut} label={`Scatter of the 2-D deep features of test digits${backend ? `, ${backend.variant} model` : ''}`} />
        </section>
        <aside className="right">
          <LossChart series={series} />
          <AccuracyChart series={series} />
          <MetricsPanel store={store} />
          <ExportData series={series} />
        </aside>
      </main>
    </div>
  );
}
