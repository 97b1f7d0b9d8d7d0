/** The webgpu step profile (src/ml/webgpuProfile.ts) through the self-test page, with tfjs's kernels (stock) and ours (app). */
import type { Browser } from '@playwright/test';
import type { KernelSet } from '../../src/workers/selftestProtocol';
import type { Variant } from '../../src/ml/config';
import { runSelfTestPage } from './selftestPage';

export interface ProfilePlan {
  variant: Variant;
  batch: number;
  steps: number;
  kernels: KernelSet;
}

export async function profileWebGpu(browser: Browser, base: string, p: ProfilePlan, timeoutMs: number): Promise<Record<string, unknown>> {
  const page = await browser.newPage();
  const t0 = Date.now();
  try {
    const r = await runSelfTestPage(page, base, `backend=webgpu&mode=profile&variant=${p.variant}&batch=${p.batch}&steps=${p.steps}&kernels=${p.kernels}`, timeoutMs);
    if (r.type === 'error') return { ...p, error: r.message };
    if (r.type !== 'profile') return { ...p, error: `unexpected reply ${r.type}` };
    return { ...r.report, adapter: r.env.probe.webgpu, pageSeconds: Math.round((Date.now() - t0) / 1000) };
  } catch (e) {
    return { ...p, error: (e as Error).message };
  } finally {
    await page.close();
  }
}

/** The bench JSON's `webgpu` block: the app's figures (after) at the top level, tfjs's own (before) beside them. */
export function webgpuBlock(runs: Record<string, unknown>[]): Record<string, unknown> {
  const pick = (kernels: KernelSet) => runs.filter((r) => r.kernelSet === kernels);
  const head = pick('app')[0] ?? {};
  return {
    dispatchesPerStep: head.dispatchesPerStep ?? null,
    uploadBytesPerStep: head.uploadBytesPerStep ?? null,
    readbacksPerStep: head.readbacksPerStep ?? null,
    compilationsAfterFirstStep: head.compilationsAfterFirstStep ?? null,
    kernels: head.kernels ?? null,
    of: head.variant ? { variant: head.variant, batch: head.batch, kernels: 'app' } : null,
    runs,
  };
}
