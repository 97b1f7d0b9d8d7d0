import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createApplication } from './App';
import { registerOffline } from './offline';
import './styles.css';

const app = createApplication();
registerOffline();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App app={app} />
  </StrictMode>,
);
