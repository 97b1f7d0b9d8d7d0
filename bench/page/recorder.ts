/**
 * The bench's instrumentation of the app's page, injected before any page script (addInitScript), built by
 * bench/page/build.ts. It records, with performance.now():
 *  - the training worker's messages (the protocol's own types), by wrapping the page's Worker;
 *  - each change of a scatter's data-points / data-step / data-draw-ms (main and softmax-only), with a MutationObserver;
 *  - long tasks (PerformanceObserver), and frame intervals (a rAF loop, from startFrames() on).
 * and offers the probes the bench runs in the page (window.__bench.probe(), .resources(), .headerImagesPerSec()).
 */
import type { BackendInfo, WorkerToUi } from '../../src/workers/protocol';
import { probeBrowser } from '../../src/workers/probe';
import type { BenchPage, Msg, PageProbe, ResourceEntry } from './types';

declare global {
  interface Window {
    __bench: BenchPage;
  }
}

function record(d: WorkerToUi): Msg {
  const t = performance.now();
  switch (d.type) {
    case 'progress':
      return { t, type: d.type, run: d.run, step: d.report.step, imagesPerSec: d.report.imagesPerSec };
    case 'ready':
      return { t, type: d.type, backend: d.backend as BackendInfo, evalSize: d.evalIndices.length, step: d.step };
    case 'embedding':
      return { t, type: d.type, run: d.run, step: d.step, points: d.features.length / 2 };
    case 'dataset':
      return { t, type: d.type, loadMs: d.info.loadMs };
    case 'status':
      return { t, type: d.type, status: d.status, step: d.step };
    case 'error':
      return { t, type: d.type, message: d.detail, code: d.code };
    default:
      return { t, type: d.type };
  }
}

export function resources(): ResourceEntry[] {
  const list = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')] as PerformanceResourceTiming[];
  return list.map((e) => ({ name: e.name.replace(location.origin, ''), transferSize: e.transferSize, encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize }));
}

async function probe(): Promise<PageProbe> {
  const app = await probeBrowser();
  let adapter: PageProbe['adapter'] = null;
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, unknown>; features: Set<string> } | null> } }).gpu;
  if (gpu) {
    const a = await gpu.requestAdapter().catch(() => null);
    if (a) adapter = { vendor: String(a.info?.vendor ?? ''), architecture: String(a.info?.architecture ?? ''), device: String(a.info?.device ?? ''), description: String(a.info?.description ?? ''), timestampQuery: a.features.has('timestamp-query') };
  }
  return { app, adapter, crossOriginIsolated: self.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency, userAgent: navigator.userAgent };
}

function install(): void {
  const B: BenchPage = {
    msgs: [],
    long: [],
    frames: [],
    scatter: [],
    longUnsupported: null,
    probe,
    resources,
    startFrames: () => undefined,
    headerImagesPerSec: () => document.querySelector('[data-testid="images-per-sec"]')?.textContent?.trim() ?? null,
  };
  window.__bench = B;
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(url: string | URL, opts?: WorkerOptions) {
      super(url, opts);
      if (opts?.name !== 'training') return;
      this.addEventListener('message', (e: MessageEvent<WorkerToUi>) => B.msgs.push(record(e.data)));
    }
  };
  try {
    new PerformanceObserver((l) => l.getEntries().forEach((e) => B.long.push({ t: e.startTime, d: e.duration }))).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    B.longUnsupported = String(e);
  }
  // Frame intervals only once asked (the jank measure): a rAF loop draws a frame at every vsync, busy time the app would not spend.
  let last = 0;
  const tick = (t: number) => {
    if (last) B.frames.push(t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  B.startFrames = () => {
    if (!last) requestAnimationFrame(tick);
  };
  new MutationObserver((list) => {
    // One draw changes several attributes at once: one record per scatter and callback, so a record is a draw.
    for (const el of new Set(list.map((m) => m.target as Element))) {
      const id = el.getAttribute?.('data-testid');
      if (id !== 'scatter' && id !== 'scatter-softmax') continue;
      B.scatter.push({ t: performance.now(), id, points: Number(el.getAttribute('data-points')), step: Number(el.getAttribute('data-step')), drawMs: Number(el.getAttribute('data-draw-ms')) });
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-points', 'data-step', 'data-draw-ms'] });
}

install();
