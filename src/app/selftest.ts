/**
 * The self-test page (selftest.html?backend=webgpu|webgl|wasm|cpu[&pool=native|reshape][&kernels=app|stock]): runs the
 * gradient check in a worker and shows the verdict as text, a per-parameter table and the raw JSON.
 * Type-only imports from src/ml: tfjs stays in the worker.
 */
import type { GradCheckReport, KernelSet, SelfTestReply, SelfTestRequest } from '../ml/gradcheck';
import type { BackendName } from '../ml/config';
import type { PoolMode } from '../ml/lenetpp';

const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
const POOL_MODES: readonly PoolMode[] = ['native', 'reshape'];
const KERNEL_SETS: readonly KernelSet[] = ['app', 'stock'];

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

function fillTable(r: GradCheckReport): void {
  const body = table.tBodies[0]!;
  body.replaceChildren(
    ...r.comparison.params.map((p) => {
      const row = document.createElement('tr');
      for (const v of [p.name, `[${p.shape.join(', ')}]`, fmt(p.maxAbsDiff), fmt(p.refMaxAbs), fmt(p.rel)]) {
        const td = document.createElement('td');
        td.textContent = v;
        row.append(td);
      }
      return row;
    }),
  );
  table.hidden = false;
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
  const kernels = params.get('kernels');
  if (kernels !== null && !(KERNEL_SETS as readonly string[]).includes(kernels)) {
    show('error', `Unknown kernel set "${kernels}": use one of ${KERNEL_SETS.join(', ')}.`, { error: 'unknown kernel set', kernels });
    return;
  }
  const request: SelfTestRequest = { backend: backend as BackendName, ...(pool ? { pool: pool as PoolMode } : {}), ...(kernels ? { kernels: kernels as KernelSet } : {}) };
  show('running', `Checking ${backend} against cpu…`);
  const worker = new Worker(new URL('../workers/selftest.worker.ts', import.meta.url), { type: 'module', name: 'selftest' });
  worker.addEventListener('message', (e: MessageEvent<SelfTestReply>) => {
    const reply = e.data;
    worker.terminate();
    if (reply.type === 'error') {
      show('error', `ERROR: the ${reply.requested} check could not run: ${reply.message}`, reply);
      return;
    }
    fillTable(reply.report);
    show(reply.report.pass ? 'pass' : 'fail', summary(reply.report, reply), reply);
  });
  worker.addEventListener('error', (e) => {
    show('error', `ERROR: the self-test worker failed: ${e.message || 'unknown error'}`, { type: 'error', message: e.message });
  });
  worker.postMessage(request);
}

main();
