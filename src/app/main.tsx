import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createApplication } from './App';
import { isolate } from './isolation';
import { registerOffline } from './offline';
import { withNotice } from './store/notices';
import { indexedDbDataSlot } from './dataFiles';
import type { FaultKind } from '../workers/protocol';
import './styles.css';

declare global {
  interface Window {
    /** For the e2e tests and the soak: faults the browser cannot be made to raise on demand. */
    centerLossLab?: { fault(kind: FaultKind): void };
  }
}

const root = document.getElementById('root')!;
const show = (words: string) => {
  const p = document.createElement('p');
  p.className = 'isolation-status';
  p.setAttribute('role', 'status');
  p.dataset.testid = 'isolation-status';
  p.textContent = words;
  root.replaceChildren(p);
};

void isolate(show).then(async (notIsolated) => {
  if (notIsolated === 'reloading') return;
  registerOffline();
  // The files dropped on an earlier visit are read before the worker starts, so that its first init loads them.
  const dataSlot = typeof indexedDB === 'undefined' ? undefined : indexedDbDataSlot();
  const stored = await (dataSlot?.read() ?? Promise.resolve(null));
  const app = createApplication(stored, dataSlot);
  if (notIsolated) app.store.setState((s) => withNotice(s, 'warning', notIsolated));
  window.centerLossLab = { fault: app.actions.fault };
  createRoot(root).render(
    <StrictMode>
      <App app={app} />
    </StrictMode>,
  );
});
