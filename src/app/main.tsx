import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createApplication } from './App';
import { registerOffline } from './offline';
import { indexedDbDataSlot } from './dataFiles';
import type { FaultKind } from '../workers/protocol';
import './styles.css';

declare global {
  interface Window {
    /** For the e2e tests and the soak: faults the browser cannot be made to raise on demand. */
    centerLossLab?: { fault(kind: FaultKind): void };
  }
}

registerOffline();
// The files dropped on an earlier visit are read before the worker starts, so that its first init loads them.
const dataSlot = typeof indexedDB === 'undefined' ? undefined : indexedDbDataSlot();
void (dataSlot?.read() ?? Promise.resolve(null)).then((stored) => {
  const app = createApplication(stored, dataSlot);
  window.centerLossLab = { fault: app.actions.fault };
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App app={app} />
    </StrictMode>,
  );
});
