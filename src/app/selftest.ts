/**
 * The self-test page (selftest.html?backend=webgpu|webgl|wasm|cpu[&pool=native|reshape][&kernels=app|stock]
 * [&mode=gradcheck|kernels|profile][&variant=slim|full][&widths=tiny|model][&batch=N][&steps=N]): runs the check in a
 * worker and shows the verdict as text, a table and the raw JSON.
 * Type-only imports from src/ml: tfjs stays in the worker.
 */
import type { CheckWidths, GradCheckReport } from '../ml/gradcheck';
import './selftest.css';
import type { KernelSet, SelfTestMode, SelfTestReply, SelfTestRequest } from '../workers/selftestProtocol';
import type { BackendName, Variant } from '../ml/config';
import type { KernelCheckReport } from '../ml/kernelcheck';
import type { PoolMode } from '../ml/lenetpp';

const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
const POOL_MODES: readonly PoolMode[] = ['native', 'reshape'];
const KERNEL_SETS: readonly KernelSet[] = ['app', 'stock'];
const MODES: readonly SelfTestMode[] = ['gradcheck', 'kernels', 'profile'];
const VARIANTS: readonly Variant[] = ['slim', 'full'];
const WIDTHS: readonly CheckWidths[] = ['tiny', 'model'];

const result = document.querySelector<HTMLElement>('[data-testid="selftest-result"]')!;
const json = document.querySelector<HTMLElement>('[data-testid="selftest-json"]')!;
const table = document.querySelector<HTMLTableElement>('[data-testid="selftest-table"]')!;

type State = 'idle' | 'running' | 'pass' | 'fail' | 'error';

function show(state: State, text: string, raw?: unknown): void {
  result.dataset.state = state;
  result.textContent = text;
  if (raw !== undefined) json.textContent = JSON.stringify(raw, null, 2);
}

const fmt = (v: number): string => (Number.isNaN(v) ? 'NaN' : v === 0 ? '0' : v.toExponential(2));

function summary(r: GradCheckReport, reply: Extract<SelfTestReply, { type: 'result' }>): string {
  const c = r.comparison;
  const lines = [
    `${r.pass ? 'PASS' : 'FAIL'}: ${r.active} vs cpu, max relative gradient difference ${fmt(c.maxRel)} over ${c.params.length} parameters ` +
      `(loss ${fmt(c.lossRel)}, tolerance ${fmt(r.tolerance)}).`,
  ];
  if (r.active !== r.requested) lines.push(`The ${r.requested} backend was asked for but ${r.active} ran.`);
  const probe = reply.env.probe;
  if (r.active === 'webgpu' && probe.webgpu) {
    lines.push(`WebGPU adapter: ${probe.webgpu.adapter}${probe.webgpu.isFallbackAdapter ? ' (a fallback adapter: no real GPU)' : ''}.`);
  } else if (r.active === 'webgl' && probe.webgl) {
    lines.push(`WebGL renderer: ${probe.webgl.renderer}${probe.webgl.software ? ' (software: no real GPU)' : ''}.`);
  }
  if (r.programs.afterFirst !== null) {
    const cached = r.programs.afterFirst === r.programs.afterSecond;
    lines.push(
      `GPU programs: ${r.programs.afterFirst} after the first evaluation, ${r.programs.afterSecond} after the second` +
        (cached ? ' (cached: nothing recompiled).' : ' (recompiled!).'),
    );
  }
  lines.push(
    `Pool mode ${r.pool} (cpu: ${r.refPool}); repeat difference ${fmt(r.repeatMaxRel)}; leaked tensors ${r.leakedTensors}; ` +
      `${Math.round(r.ms.first)} ms first, ${Math.round(r.ms.second)} ms second, ${Math.round(r.ms.cpu)} ms on cpu.`,
  );
  return lines.join('\n');
}

function fillTable(head: string[], rows: string[][]): void {
  const cells = (tag: 'th' | 'td', values: string[]) => {
    const row = document.createElement('tr');
    for (const v of values) {
      const c = document.createElement(tag);
      c.textContent = v;
      if (tag === 'th') c.scope = 'col';
      row.append(c);
    }
    return row;
  };
  table.tHead!.replaceChildren(cells('th', head));
  table.tBodies[0]!.replaceChildren(...rows.map((r) => cells('td', r)));
  table.hidden = false;
}

function kernelSummary(r: KernelCheckReport): string {
  const worst = Math.max(...r.cases.map((c) => c.maxRel));
  const calls = Object.entries(r.ourKernelCalls).map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';
  return `${r.pass ? 'PASS' : 'FAIL'}: ${r.cases.length} kernel cases on ${r.backend} vs cpu, worst relative difference ${fmt(worst)}; our kernels called: ${calls}; leaked tensors ${r.leakedTensors}.`;
}

/** Reads an optional query parameter that must be one of `allowed`; undefined when absent, an error message when wrong. */
function choice<T extends string>(params: URLSearchParams, key: string, allowed: readonly T[]): T | undefined | { error: string } {
  const v = params.get(key);
  if (v === null) return undefined;
  return (allowed as readonly string[]).includes(v) ? (v as T) : { error: `Unknown ${key} "${v}": use one of ${allowed.join(', ')}.` };
}

function main(): void {
  const params = new URLSearchParams(location.search);
  const backend = params.get('backend');
  const pool = params.get('pool');
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    if (a.search && new URLSearchParams(a.search).get('backend') === backend) a.setAttribute('aria-current', 'page');
  }
  if (backend === null) return;
  if (!(BACKEND_NAMES as readonly string[]).includes(backend)) {
    show('error', `Unknown backend "${backend}": use one of ${BACKEND_NAMES.join(', ')}.`, { error: 'unknown backend', backend });
    return;
  }
  if (pool !== null && !(POOL_MODES as readonly string[]).includes(pool)) {
    show('error', `Unknown pool mode "${pool}": use one of ${POOL_MODES.join(', ')}.`, { error: 'unknown pool mode', pool });
    return;
  }
  const parsed = {
    kernels: choice(params, 'kernels', KERNEL_SETS),
    mode: choice(params, 'mode', MODES),
    variant: choice(params, 'variant', VARIANTS),
    widths: choice(params, 'widths', WIDTHS),
  };
  for (const v of Object.values(parsed)) {
    if (typeof v === 'object') {
      show('error', v.error, { error: v.error });
      return;
    }
  }
  const num = (k: string) => (params.get(k) !== null && Number(params.get(k)) >= 1 ? Math.floor(Number(params.get(k))) : undefined);
  const { kernels, mode, variant, widths } = parsed as { kernels?: KernelSet; mode?: SelfTestMode; variant?: Variant; widths?: CheckWidths };
  const request: SelfTestRequest = {
    backend: backend as BackendName,
    ...(pool ? { pool: pool as PoolMode } : {}),
    ...(kernels ? { kernels } : {}),
    ...(mode ? { mode } : {}),
    ...(variant ? { variant } : {}),
    ...(widths ? { widths } : {}),
    ...(num('batch') ? { batch: num('batch') } : {}),
    ...(num('steps') ? { steps: num('steps') } : {}),
  };
  show('running', `Checking ${backend} against cpu…`);
  const worker = new Worker(new URL('../workers/selftest.worker.ts', import.meta.url), { type: 'module', name: 'selftest' });
  worker.addEventListener('message', (e: MessageEvent<SelfTestReply>) => {
    const reply = e.data;
    worker.terminate();
    if (reply.type === 'error') {
      show('error', `ERROR: the ${reply.requested} check could not run: ${reply.message}`, reply);
      return;
    }
    if (reply.type === 'kernels') {
      fillTable(['kernel', 'shape', 'relative'], reply.report.cases.map((c) => [c.kernel, c.shape + (c.splits ? ` (${c.splits} chunks)` : ''), fmt(c.maxRel)]));
      show(reply.report.pass ? 'pass' : 'fail', kernelSummary(reply.report), reply);
      return;
    }
    if (reply.type === 'profile') {
      const p = reply.report;
      fillTable(['kernel', 'calls', 'dispatches', 'ms', 'share'], p.kernels.map((k) => [k.name, String(k.calls), String(k.dispatches), k.ms.toFixed(2), k.share === null ? '–' : `${(k.share * 100).toFixed(1)}%`]));
      const ok = p.leakedTensors === 0 && p.compilationsAfterFirstStep === 0 && p.readbacksPerStep === 0;
      show(
        ok ? 'pass' : 'fail',
        `${ok ? 'DONE' : 'CHECK'}: webgpu ${p.variant} batch ${p.batch}, kernels ${p.kernelSet}, on ${p.device}: ${p.dispatchesPerStep} dispatches, ` +
          `${p.uploadBytesPerStep} bytes uploaded in ${p.uploadsPerStep} uploads and ${p.readbacksPerStep} readbacks per step; ` +
          `${p.compilationsAfterFirstStep} pipelines compiled after the first step; ${p.stepMs} ms a step (${p.imagesPerSec} images/s); timing: ${p.timing}.`,
        reply,
      );
      return;
    }
    fillTable(
      ['parameter', 'shape', 'max |Δ|', 'max |g_cpu|', 'relative'],
      reply.report.comparison.params.map((p) => [p.name, `[${p.shape.join(', ')}]`, fmt(p.maxAbsDiff), fmt(p.refMaxAbs), fmt(p.rel)]),
    );
    show(reply.report.pass ? 'pass' : 'fail', summary(reply.report, reply), reply);
  });
  worker.addEventListener('error', (e) => {
    show('error', `ERROR: the self-test worker failed: ${e.message || 'unknown error'}`, { type: 'error', message: e.message });
  });
  worker.postMessage(request);
}

main();
