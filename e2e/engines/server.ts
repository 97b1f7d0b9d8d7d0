/** The production build under `vite preview` (COOP/COEP and the CSP, as users get it), on a port of our own; it can be stopped to go offline. */
import { spawn, type ChildProcess } from 'node:child_process';
import { sleep } from './driver';

export interface Server {
  url: string;
  stop(): Promise<void>;
  /** Serves again on the same port (after going offline). */
  restart(): Promise<void>;
}

export async function startPreview(port: number): Promise<Server> {
  let p: ChildProcess = await serve(port);
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    restart: async () => {
      p = await serve(port);
    },
    stop: async () => {
      if (p.exitCode !== null || p.signalCode !== null) return;
      // The whole group: npx-style launchers leave a child behind otherwise.
      try {
        if (p.pid) process.kill(-p.pid, 'SIGTERM');
      } catch {
        return;
      }
      for (let i = 0; i < 50; i++) {
        try {
          await fetch(url);
        } catch {
          return;
        }
        await sleep(100);
      }
    },
  };
}

async function serve(port: number): Promise<ChildProcess> {
  const p: ChildProcess = spawn('node_modules/.bin/vite', ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      if (i > 150) throw new Error(`vite preview did not answer on ${url}`);
    }
    await sleep(200);
  }
  return p;
}
