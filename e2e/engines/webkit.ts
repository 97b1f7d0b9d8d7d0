/** WebKitGTK (Safari's engine) through WebKitWebDriver and MiniBrowser on an Xvfb display: a minimal WebDriver client over fetch. */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { sleep, unwrap, wrapped, type Driver } from './driver';

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

interface Reply<T> {
  value: T & { error?: string; message?: string };
}

async function call<T>(base: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as Reply<T>;
  if (json.value?.error) throw new Error(`WebDriver ${method} ${path}: ${json.value.error}: ${json.value.message ?? ''}`);
  return json.value;
}

function started(p: ChildProcess, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    p.once('error', (e) => reject(new Error(`${name} failed to start: ${e.message}`)));
    p.once('spawn', () => resolve());
  });
}

/** Xvfb on a free display, WebKitWebDriver on `port`, one MiniBrowser session. */
export async function launchWebKit(port: number, display = 90 + (port % 50)): Promise<Driver> {
  const xvfb = spawn('Xvfb', [`:${display}`, '-screen', '0', '1400x1000x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  await started(xvfb, 'Xvfb');
  await sleep(500);
  const env = { ...process.env, DISPLAY: `:${display}` };
  const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], { env, stdio: 'ignore' });
  await started(driver, 'WebKitWebDriver');
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await call(base, 'GET', '/status');
      break;
    } catch (e) {
      if (i > 50) throw e;
      await sleep(200);
    }
  }
  const session = await call<{ sessionId: string; capabilities: { browserVersion?: string } }>(base, 'POST', '/session', {
    capabilities: { alwaysMatch: { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } } },
  });
  const s = `/session/${session.sessionId}`;
  await call(base, 'POST', `${s}/timeouts`, { script: 300_000, pageLoad: 120_000 });
  await call(base, 'POST', `${s}/window/rect`, { width: 1400, height: 900 }).catch(() => undefined);
  const stop = () => {
    driver.kill();
    xvfb.kill();
  };
  return {
    engine: 'webkit',
    version: `WebKitGTK ${session.capabilities.browserVersion ?? '?'}`,
    goto: async (url) => void (await call(base, 'POST', `${s}/url`, { url })),
    reload: async () => void (await call(base, 'POST', `${s}/refresh`, {})),
    run: async <T>(body: string) =>
      unwrap<T>(await call<string>(base, 'POST', `${s}/execute/async`, { script: `const done = arguments[arguments.length - 1]; ${wrapped(body)}.then(done);`, args: [] })),
    screenshot: async (path) => writeFileSync(path, Buffer.from(await call<string>(base, 'GET', `${s}/screenshot`), 'base64')),
    stroke: async (testId, points) => {
      const el = await call<Record<string, string>>(base, 'POST', `${s}/element`, { using: 'css selector', value: `[data-testid="${testId}"]` });
      const id = Object.values(el)[0]!;
      await call(base, 'POST', `${s}/execute/sync`, { script: 'arguments[0].scrollIntoView({ block: "center" });', args: [el] });
      const rect = await call<{ width: number; height: number }>(base, 'GET', `${s}/element/${id}/rect`);
      // Offsets from the element's centre, as WebDriver's element origin has them.
      const at = ([fx, fy]: readonly [number, number]) => ({ x: Math.round((fx - 0.5) * rect.width), y: Math.round((fy - 0.5) * rect.height) });
      const moves = points.map((p) => ({ type: 'pointerMove', duration: 60, origin: el, ...at(p) }));
      const actions = [moves[0], { type: 'pointerDown', button: 0 }, ...moves.slice(1), { type: 'pointerUp', button: 0 }];
      await call(base, 'POST', `${s}/actions`, { actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }] });
    },
    close: async () => {
      await call(base, 'DELETE', s).catch(() => undefined);
      stop();
    },
  };
}
