import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createApplication } from './App';
import { registerOffline } from './offline';
import type { FaultKind } from '../workers/protocol';
import './styles.css';

declare global {
  interface Window {
    /** For the e2e tests and the soak: faults the browser cannot be made to raise on demand. */
    centerLossLab?: { fault(kind: FaultKind): void };
  }
}

const app = createApplication();
registerOffline();
window.centerLossLab = { fault: app.actions.fault };

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App app={app} />
  </StrictMode>,
);
