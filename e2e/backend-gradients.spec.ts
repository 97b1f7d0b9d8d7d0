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

/** The GPU backend each project's browser offers: webgpu with --enable-unsafe-webgpu, webgl without. */
const GPU_BACKEND: Record<string, BackendName> = { webgpu: 'webgpu', 'no-webgpu': 'webgl' };

async function expectPass(page: Page, backend: BackendName, info: ReturnType<typeof test.info>, watch: { consoleErrors: string[]; foreignRequests: string[] }) {
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
  expect(r.active).toBe(backend);
  expect(r.comparison.params).toHaveLength(PARAMS);
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
}

test("the browser's GPU backend computes the gradients cpu does", async ({ page, watch }, info) => {
  const backend = GPU_BACKEND[info.project.name]!;
  if (backend === 'webgl') {
    // Without an adapter, asking for webgpu is an error, never a silent run on another backend.
    const reply = await runSelfTest(page, 'webgpu');
    expect(reply.type).toBe('error');
    if (reply.type === 'error') expect(reply.message).toMatch(/webgpu backend failed to start/);
    await expect(page.getByTestId('selftest-result')).toHaveAttribute('data-state', 'error');
  }
  await expectPass(page, backend, info, watch);
});

test('wasm, with our kernels, computes the gradients cpu does', async ({ page, watch }, info) => {
  await expectPass(page, 'wasm', info, watch);
});

test('the self-test catches a wrong kernel: stock wasm max-pool gradients', async ({ page }) => {
  const reply = await runSelfTest(page, 'wasm', '&kernels=stock');
  const result = page.getByTestId('selftest-result');
  if (reply.type === 'error') throw new Error(reply.message);
  expect(reply.report.active).toBe('wasm');
  expect(reply.report.comparison.maxRel).toBeGreaterThan(0.1);
  expect(reply.report.pass).toBe(false);
  await expect(result).toHaveAttribute('data-state', 'fail');
  await expect(result).toContainText(/^FAIL/);
});
