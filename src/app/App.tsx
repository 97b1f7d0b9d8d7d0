import { useEffect } from 'react';
import { connect, type Actions } from './bridge';
import { ScatterArea } from './charts/ScatterArea';
import { LoadedNote } from './charts/LoadedNote';
import { AccuracyChart, LossChart } from './charts/TimeCharts';
import { Controls } from './controls/Controls';
import { ExportData } from './controls/ExportData';
import { importFile } from './controls/WeightsControls';
import { focusKind, keyCommand } from './keys';
import { DatasetPanel } from './panels/DatasetPanel';
import type { DataSlot, FilesSource } from './dataFiles';
import { DrawPad } from './panels/DrawPad';
import { FormulasPanel } from './panels/FormulasPanel';
import { Header } from './panels/Header';
import { MetricsPanel } from './panels/MetricsPanel';
import { Notices } from './panels/Notices';
import { OpenSetPanel } from './panels/OpenSetPanel';
import { PresentationView } from './panels/PresentationView';
import { ReplayPanel } from './panels/ReplayPanel';
import { createAppStore, useApp, type AppStore } from './store/appStore';
import { withNotice } from './store/notices';
import { parseHash } from './store/urlState';
import { createViews, type Views } from './views';

export interface Application {
  store: AppStore;
  views: Views;
  actions: Actions;
}

/** Created once, outside React: the worker must not be started twice by StrictMode. */
/** stored: the IDX files kept from an earlier visit (dataFiles.ts), trained on again. */
export function createApplication(stored: FilesSource | null = null, dataSlot?: DataSlot): Application {
  const { config, present, notices } = parseHash(location.hash);
  const store = createAppStore(config, present);
  store.setState((s) => notices.reduce((acc, n) => withNotice(acc, 'warning', n), s));
  const views = createViews();
  const dataUrl = new URL('mnist/', new URL(import.meta.env.BASE_URL, location.href)).href;
  return { store, views, actions: connect(store, views, { dataUrl, data: stored ?? { kind: 'bundled' }, ...(dataSlot ? { dataSlot } : {}) }) };
}

function useShortcuts(store: AppStore, actions: Actions) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const cmd = keyCommand({ key: e.key, repeat: e.repeat, ctrl: e.ctrlKey, meta: e.metaKey, alt: e.altKey }, focusKind(e.target as Element | null), store.getState().present);
      // A held Space repeats: swallow the repeats too, or the focused control acts on them.
      if (!cmd && e.repeat && e.key === ' ' && focusKind(e.target as Element | null) === 'other') e.preventDefault();
      if (!cmd) return;
      // Before any button or checkbox acts on the key: Space must not also click what has focus.
      e.preventDefault();
      e.stopPropagation();
      if (cmd === 'toggle') actions.toggle();
      else if (cmd === 'step') actions.stepOnce();
      else if (cmd === 'present') actions.setPresent(!store.getState().present);
      else actions.setPresent(false);
    };
    // A focused button is clicked on Space's keyup: that too is the shortcut's, not the button's.
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key === ' ' && keyCommand({ key: e.key, ctrl: e.ctrlKey, meta: e.metaKey, alt: e.altKey }, focusKind(e.target as Element | null), false) === 'toggle') e.preventDefault();
    };
    // How focus arrived, for focusKind: a checkbox clicked with the mouse gives Space back to training.
    let byPointer = false;
    const onPointerDown = () => (byPointer = true);
    const onKeyNav = (e: KeyboardEvent) => {
      if (e.key === 'Tab') byPointer = false;
    };
    const onFocusIn = (e: FocusEvent) => {
      if (e.target instanceof HTMLElement) e.target.dataset.focusedBy = byPointer ? 'pointer' : 'keyboard';
    };
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (file) void importFile(file, actions);
    };
    const onDragOver = (e: DragEvent) => e.preventDefault();
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('keydown', onKeyNav, true);
    window.addEventListener('focusin', onFocusIn, true);
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('keyup', onKeyUp, true);
    window.addEventListener('drop', onDrop);
    window.addEventListener('dragover', onDragOver);
    return () => {
      window.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('keydown', onKeyNav, true);
      window.removeEventListener('focusin', onFocusIn, true);
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('keyup', onKeyUp, true);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('dragover', onDragOver);
    };
  }, [actions, store]);
}

export function App({ app }: { app: Application }) {
  const { store, views, actions } = app;
  const present = useApp(store, (s) => s.present);
  useShortcuts(store, actions);

  return (
    <div className="app" data-presentation={present ? 'on' : 'off'}>
      {present ? (
        <PresentationView store={store} views={views} actions={actions} />
      ) : (
        <>
          <Header store={store} actions={actions} />
          <Notices store={store} actions={actions} />
          <main className="layout">
            <aside className="side">
              <Controls store={store} actions={actions} />
              <DatasetPanel store={store} actions={actions} />
              <FormulasPanel store={store} />
            </aside>
            <section className="center" aria-label="Embedding">
              <ScatterArea store={store} views={views} actions={actions} />
              <ReplayPanel store={store} views={views} actions={actions} />
              <DrawPad store={store} views={views} actions={actions} />
              <OpenSetPanel store={store} views={views} actions={actions} />
            </section>
            <aside className="right">
              <LoadedNote store={store} />
              <LossChart views={views} store={store} />
              <AccuracyChart views={views} store={store} />
              <MetricsPanel store={store} views={views} />
              <ExportData store={store} views={views} />
            </aside>
          </main>
        </>
      )}
    </div>
  );
}
