/**
 * Every backend the app ships computes the same gradients as `cpu`, in the browser it runs in:
 * selftest.html checks CE + λ·center loss on a tiny LeNet++ (widths 2-2-4, batch 2, seeded) per parameter.
 * - project `webgpu` (--enable-unsafe-webgpu): webgpu, on SwiftShader's fallback adapter here, and wasm;
 * - project `no-webgpu`: webgl (ANGLE on SwiftShader) and wasm; and webgpu must refuse to start there.
 * Plus one negative check: the page fails tfjs-wasm's stock (wrong) MaxPoolGrad.
 * wasm and cpu are also checked in Node (src/ml/gradcheck.test.ts).
 */
import type { Page } from '@playwright/test';
import type { BackendName } from '../src/ml/config';
import type { SelfTestReply } from '../src/ml/gradcheck';
import { expect, test } from './fixtures';

/**
 * max|g − g_cpu| / max|g_cpu| per parameter, all float32 (eps 1.2e-7), different summation orders and GPU
 * exp/log. Measured here, worst parameter: webgpu 2.4e-6, webgl 2.9e-6 (SwiftShader), wasm 2.6e-6; 1e-4
 * leaves ~35× headroom, while a wrong kernel is off by 1e-1 … 1 (wasm's stock MaxPoolGrad: 1.0 on this
 * model). Must equal GRAD_TOLERANCE in src/ml/gradcheck.ts (the page's own verdict; checked below).
 */
const TOLERANCE = 1e-4;
/** The tiny model's parameters: 3 × (conv weight, conv bias, PReLU) + fc1 weight, bias, PReLU + fc2 weight, bias. */
const PARAMS = 14;

async function runSelfTest(page: Page, backend: BackendName, query = ''): Promise<SelfTestReply> {
  await page.goto(`/selftest.html?backend=${backend}${query}`);
  const result = page.getByTestId('selftest-result');
  await expect(result).toHaveAttribute('data-state', /^(pass|fail|error)$/, { timeout: 150_000 });
  return JSON.parse((await page.getByTestId('selftest-json').textContent()) ?? '') as SelfTestReply;
}

function deviceText(reply: Extract<SelfTestReply, { type: 'result' }>): string {
  const r = reply.report;
  if (r.active === 'webgpu') return `${r.device}; fallback adapter: ${String(reply.env.probe.webgpu?.isFallbackAdapter)}`;
  if (r.active === 'webgl') return `${r.device}; software: ${String(reply.env.probe.webgl?.software)}`;
  return 'CPU';
}

const PLAN: Record<string, BackendName[]> = { webgpu: ['webgpu', 'wasm'], 'no-webgpu': ['webgl', 'wasm'] };
const ALL: BackendName[] = ['webgpu', 'webgl', 'wasm'];

for (const backend of ALL) {
  test(`${backend} gradients match cpu on a tiny LeNet++`, async ({ page, watch }, info) => {
    test.skip(!PLAN[info.project.name]?.includes(backend), `${backend} is checked in another project`);
    const t0 = Date.now();
    const reply = await runSelfTest(page, backend);
    const seconds = (Date.now() - t0) / 1000;
    if (reply.type === 'error') throw new Error(`${backend} self-test did not run: ${reply.message}`);
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
    expect(r.requested).toBe(backend);
    expect(r.active).toBe(backend);
    if (backend === 'webgpu') {
      expect(reply.env.probe.webgpu, 'a WebGPU adapter in the worker').not.toBeNull();
      expect(typeof reply.env.probe.webgpu?.isFallbackAdapter).toBe('boolean');
      expect(r.device).toBeTruthy();
    }
    if (backend === 'webgl') expect(r.device).toBeTruthy();

    expect(r.tolerance).toBe(TOLERANCE);
    expect(r.comparison.params.map((p) => p.name)).toHaveLength(PARAMS);
    for (const p of r.comparison.params) {
      expect(p.refMaxAbs, `${p.name}: a gradient that is not all zero`).toBeGreaterThan(0);
      expect(p.rel, `${backend} ${p.name} vs cpu`).toBeLessThan(TOLERANCE);
    }
    expect(r.comparison.lossRel).toBeLessThan(TOLERANCE);
    expect(r.repeatMaxRel).toBeLessThan(TOLERANCE);
    expect(r.leakedTensors).toBe(0);
    if (backend === 'webgpu' || backend === 'webgl') {
      // Programs compiled in the first evaluation are reused by the second: no per-step recompilation.
      expect(r.programs.afterFirst).toBeGreaterThan(0);
      expect(r.programs.afterSecond).toBe(r.programs.afterFirst);
    }
    expect(r.pass).toBe(true);
    await expect(page.getByTestId('selftest-result')).toHaveAttribute('data-state', 'pass');
    await expect(page.getByTestId('selftest-result')).toContainText(/^PASS/);
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
  });
}

test('without WebGPU the webgpu check reports an error instead of running elsewhere', async ({ page }, info) => {
  test.skip(info.project.name !== 'no-webgpu', 'needs a browser without a WebGPU adapter');
  const reply = await runSelfTest(page, 'webgpu');
  expect(reply.type).toBe('error');
  if (reply.type !== 'error') return;
  expect(reply.message).toMatch(/webgpu backend failed to start/);
  expect(reply.env?.probe.webgpu ?? null).toBeNull();
  await expect(page.getByTestId('selftest-result')).toHaveAttribute('data-state', 'error');
});

test('the page fails a wrong kernel: stock wasm max-pool gradients', async ({ page }, info) => {
  test.skip(info.project.name !== 'webgpu', 'one browser is enough for this negative check');
  const reply = await runSelfTest(page, 'wasm', '&pool=native');
  const result = page.getByTestId('selftest-result');
  if (reply.type === 'error') throw new Error(reply.message);
  expect(reply.report.active).toBe('wasm');
  expect(reply.report.comparison.maxRel).toBeGreaterThan(0.1);
  expect(reply.report.pass).toBe(false);
  await expect(result).toHaveAttribute('data-state', 'fail');
  await expect(result).toContainText(/^FAIL/);
});
