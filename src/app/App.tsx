import { useEffect } from 'react';
import type { RunId } from '../workers/protocol';
import { connect, type Actions } from './bridge';
import { ScatterArea } from './charts/ScatterArea';
import { AccuracyChart, LossChart } from './charts/TimeCharts';
import { Controls } from './controls/Controls';
import { ExportData } from './controls/ExportData';
import { importFile } from './controls/WeightsControls';
import { DatasetPanel } from './panels/DatasetPanel';
import { FormulasPanel } from './panels/FormulasPanel';
import { Header } from './panels/Header';
import { MetricsPanel } from './panels/MetricsPanel';
import { OpenSetPanel } from './panels/OpenSetPanel';
import { Notices } from './panels/Notices';
import { addNotice, createAppStore, type AppStore } from './store/appStore';
import { createEmbeddingState, type EmbeddingState } from './store/embedding';
import { createSeries, type Series } from './store/series';
import { parseHash } from './store/urlState';

/** What each run draws from: its fast series and its embedding, both outside React. */
export interface RunView {
  series: Series;
  embedding: EmbeddingState;
}

export interface Application {
  store: AppStore;
  views: Record<RunId, RunView>;
  actions: Actions;
}

/** Created once, outside React: the worker must not be started twice by StrictMode. */
export function createApplication(): Application {
  const { config, notices } = parseHash(location.hash);
  const store = createAppStore(config);
  for (const n of notices) addNotice(store, 'warning', n);
  const views: Record<RunId, RunView> = {
    main: { series: createSeries(), embedding: createEmbeddingState() },
    softmaxOnly: { series: createSeries(), embedding: createEmbeddingState() },
  };
  return { store, views, actions: connect(store, views) };
}

export function App({ app }: { app: Application }) {
  const { store, views, actions } = app;

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
          <ScatterArea store={store} views={views} />
          <OpenSetPanel store={store} views={views} />
        </section>
        <aside className="right">
          <LossChart main={views.main.series} twin={views.softmaxOnly.series} store={store} />
          <AccuracyChart main={views.main.series} twin={views.softmaxOnly.series} store={store} />
          <MetricsPanel store={store} />
          <ExportData series={views.main.series} />
        </aside>
      </main>
    </div>
  );
}
