/**
 * Every backend the app ships computes the same gradients as `cpu`, in the browser it runs in:
 * selftest.html checks CE + λ·center loss on a tiny LeNet++ (widths 2-2-4, batch 2, seeded) per parameter.
 * - project `webgpu` (--enable-unsafe-webgpu): webgpu, on SwiftShader's fallback adapter here, and wasm;
 * - project `no-webgpu`: webgl (ANGLE on SwiftShader) and wasm; and webgpu must refuse to start there.
 * On the GPU backend also both variants' structures at batches 1 and 7, and (webgpu) each of
 * our WGSL kernels on odd shapes (mode=kernels); batch 128 at the model's widths is a dev command (bench/README.md).
 * Plus one negative check: the page fails tfjs-wasm's stock (wrong) MaxPoolGrad.
 * wasm and cpu are also checked in Node (src/ml/gradcheck.test.ts).
 */
import type { Page } from '@playwright/test';
import type { BackendName } from '../src/ml/config';
import type { SelfTestReply } from '../src/workers/selftestProtocol';
import { expect, test } from './fixtures';

/**
 * max|g − g_cpu| / max(max|g_cpu|, 1e-3 × the largest gradient) per parameter (GRAD_FLOOR), all float32 (eps 1.2e-7), different summation orders and GPU
 * exp/log. Measured here, worst parameter: webgpu 2.4e-6, webgl 2.9e-6 (SwiftShader), wasm 2.6e-6; 1e-4
 * leaves ~35× headroom, while a wrong kernel is off by 1e-1 … 1 (wasm's stock MaxPoolGrad: 1.0 on this
 * model). Must equal GRAD_TOLERANCE in src/ml/gradcheck.ts (the page's own verdict; checked below).
 */
const TOLERANCE = 1e-4;
/** The model's parameters: 3 (slim) or 6 (full) × (conv weight, conv bias, PReLU) + fc1 weight, bias, PReLU + fc2 weight, bias. */
const PARAMS = { slim: 14, full: 23 };

async function runSelfTest(page: Page, backend: BackendName, query = ''): Promise<SelfTestReply> {
  return runSelfTestQuery(page, `backend=${backend}${query}`);
}

async function runSelfTestQuery(page: Page, query: string): Promise<SelfTestReply> {
  await page.goto(`/selftest.html?${query}`);
  const result = page.getByTestId('selftest-result');
  await expect(result).toHaveAttribute('data-state', /^(pass|fail|error)$/, { timeout: 150_000 });
  return JSON.parse((await page.getByTestId('selftest-json').textContent()) ?? '') as SelfTestReply;
}

type GradReply = Extract<SelfTestReply, { type: 'result' }>;

function deviceText(reply: GradReply): string {
  const r = reply.report;
  if (r.active === 'webgpu') return `${r.device}; fallback adapter: ${String(reply.env.probe.webgpu?.isFallbackAdapter)}`;
  if (r.active === 'webgl') return `${r.device}; software: ${String(reply.env.probe.webgl?.software)}`;
  return 'CPU';
}

/** The GPU backend each project's browser offers: webgpu with --enable-unsafe-webgpu, webgl without. */
const GPU_BACKEND: Record<string, BackendName> = { webgpu: 'webgpu', 'no-webgpu': 'webgl' };

async function expectPass(page: Page, backend: BackendName, info: ReturnType<typeof test.info>, watch: { consoleErrors: string[]; foreignRequests: string[] }, query = ''): Promise<GradReply> {
  const t0 = Date.now();
  const reply = await runSelfTest(page, backend, query);
  const seconds = (Date.now() - t0) / 1000;
  if (reply.type === 'error') throw new Error(`${backend} self-test did not run: ${reply.message}`);
  if (reply.type !== 'result') throw new Error(`unexpected reply ${reply.type}`);
  const r = reply.report;
  info.annotations.push(
    { type: `${backend}: max relative gradient difference`, description: r.comparison.maxRel.toExponential(2) },
    { type: `${backend}: per parameter`, description: r.comparison.params.map((p) => `${p.name} ${p.rel.toExponential(1)}`).join(', ') },
    { type: `${backend}: device`, description: deviceText(reply) },
    {
      type: `${backend}: time and caching`,
      description: `${seconds.toFixed(1)} s page; ms ${JSON.stringify(r.ms)}; programs ${JSON.stringify(r.programs)}; repeat ${r.repeatMaxRel}`,
    },
  );
  await page.screenshot({ path: info.outputPath(`selftest-${backend}.png`), fullPage: true });
  // It really ran on the backend asked for: tfjs has no silent per-kernel fallback, but setBackend can fail.
  expect(r.active).toBe(backend);
  expect(r.comparison.params).toHaveLength(query.includes('variant=full') ? PARAMS.full : PARAMS.slim);
  for (const p of r.comparison.params) expect(p.rel, p.name).toBeLessThan(TOLERANCE);
  expect(r.leakedTensors).toBe(0);
  if (backend === 'webgpu' || backend === 'webgl') {
    // Programs are compiled on the first step only: the second run adds none.
    expect(r.programs.afterSecond).toBe(r.programs.afterFirst);
  }
  await expect(page.getByTestId('selftest-result')).toHaveAttribute('data-state', 'pass');
  await expect(page.getByTestId('selftest-result')).toContainText(/^PASS/);
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
  return reply;
}

/** The WGSL kernels that replace tfjs's in a training step (src/ml/backends/webgpuKernels.ts). */
const OUR_WEBGPU_KERNELS = ['Conv2DBackpropFilter', 'BiasPrelu', 'BiasPreluGrad'];

test("the browser's GPU backend computes the gradients cpu does @gpu", async ({ page, watch }, info) => {
  const backend = GPU_BACKEND[info.project.name]!;
  if (backend === 'webgl') {
    // Without an adapter, asking for webgpu is an error, never a silent run on another backend.
    const reply = await runSelfTest(page, 'webgpu');
    expect(reply.type).toBe('error');
    if (reply.type === 'error') expect(reply.message).toMatch(/webgpu backend failed to start/);
    await expect(page.getByTestId('selftest-result')).toHaveAttribute('data-state', 'error');
  }
  const reply = await expectPass(page, backend, info, watch);
  // On webgpu our kernels did the work (the check would not notice if tfjs's ran instead).
  if (backend === 'webgpu') for (const k of OUR_WEBGPU_KERNELS) expect(reply.report.ourKernelCalls[k] ?? 0, k).toBeGreaterThan(0);
  else expect(reply.report.ourKernelCalls).toEqual({});
});

test("the GPU backend's gradients match cpu for both variants' structures at batches 1 and 7 @gpu", async ({ page, watch }, info) => {
  const backend = GPU_BACKEND[info.project.name]!;
  // Batch 1 is where tfjs-webgl's packed matmul went wrong (src/ml/backends/webglMatMul.ts); odd batches are every epoch's last.
  for (const query of ['&variant=full&batch=7', '&variant=full&batch=1', '&batch=7', '&batch=1']) {
    const reply = await expectPass(page, backend, info, watch, query);
    expect(reply.report.batch).toBe(Number(/batch=(\d+)/.exec(query)![1]));
    if (query.includes('full')) expect(reply.report.widths.every((w) => w.length === 2)).toBe(true);
    if (backend === 'webgpu') expect(reply.report.ourKernelCalls.Conv2DBackpropFilter ?? 0).toBeGreaterThan(0);
  }
});

// Tagged @webgpu: WGSL kernels need the WebGPU adapter, so the no-webgpu project leaves it out (playwright.config.ts).
test('each of our webgpu kernels matches cpu on odd shapes @webgpu', async ({ page, watch }, info) => {
  const reply = await runSelfTestQuery(page, 'backend=webgpu&mode=kernels');
  if (reply.type !== 'kernels') throw new Error(reply.type === 'error' ? reply.message : `unexpected reply ${reply.type}`);
  const r = reply.report;
  info.annotations.push({ type: 'kernel cases', description: r.cases.map((c) => `${c.kernel} ${c.shape}: ${c.maxRel.toExponential(1)}`).join('; ') });
  for (const c of r.cases) expect(c.maxRel, `${c.kernel} ${c.shape}`).toBeLessThan(TOLERANCE);
  // Both routes of the filter gradient were taken: one pass, and chunks summed by a second.
  expect(r.cases.some((c) => c.splits === 1)).toBe(true);
  expect(r.cases.some((c) => (c.splits ?? 0) > 1)).toBe(true);
  for (const k of [...OUR_WEBGPU_KERNELS, 'GatherMnistImages', 'GatherOneHot']) expect(r.ourKernelCalls[k] ?? 0, k).toBeGreaterThan(0);
  expect(r.leakedTensors).toBe(0);
  await expect(page.getByTestId('selftest-result')).toHaveAttribute('data-state', 'pass');
  expect(watch.consoleErrors).toEqual([]);
});

test('wasm, with our kernels, computes the gradients cpu does', async ({ page, watch }, info) => {
  await expectPass(page, 'wasm', info, watch);
});

test('the self-test catches a wrong kernel: stock wasm max-pool gradients', async ({ page }) => {
  const reply = await runSelfTest(page, 'wasm', '&kernels=stock');
  const result = page.getByTestId('selftest-result');
  if (reply.type !== 'result') throw new Error(reply.type === 'error' ? reply.message : `unexpected reply ${reply.type}`);
  expect(reply.report.active).toBe('wasm');
  expect(reply.report.comparison.maxRel).toBeGreaterThan(0.1);
  expect(reply.report.pass).toBe(false);
  await expect(result).toHaveAttribute('data-state', 'fail');
  await expect(result).toContainText(/^FAIL/);
});
