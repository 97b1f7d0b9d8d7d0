/**
 * `npm run bench -- --gpu`: the app on the machine's real GPU. Chromium gets realGpuFlags() (e2e/chromium.ts);
 * if neither WebGPU nor WebGL then runs on hardware, it says so and the run ends (exit 0, nothing written).
 * Else: webgpu and webgl (each where it is on hardware) × slim/full × batch 64/128, the wall time of one epoch of
 * the full model on the better backend, and the webgpu step profile (ours and tfjs's kernels).
 */
import type { BackendName, Variant } from '../../src/ml/config';
import { launchChromium } from '../../e2e/chromium';
import { hardwareAdapter, type ProbeOut } from '../targets';
import { publishReport } from '../results';
import { appHash, loadavg, measureTraining, msgs, newPage, probeBrowser, r1, sleep, waitFor } from './measure';
import { profileWebGpu, webgpuBlock } from './profile';
import { machineInfo } from './report';
import { serveDist } from './server';

const EPOCH_STEPS_B128 = Math.ceil(60000 / 128);

export async function runGpuBench(o: { log: (s: string) => void; quick: boolean }): Promise<void> {
  const started = new Date();
  const loadavgBefore = loadavg();
  const served = await serveDist();
  const browser = await launchChromium('gpu');
  try {
    o.log('probe (real-GPU flags)');
    const probe = (await probeBrowser(browser, served.base)) as ProbeOut & Record<string, unknown>;
    const gpuReal = hardwareAdapter(probe.webgpu ?? undefined);
    const glReal = !!probe.webgl?.available && probe.webgl.software === false;
    if (!gpuReal && !glReal) {
      const gpu = probe.webgpu;
      const seen = gpu?.available ? `WebGPU adapter ${gpu.vendor ?? ''}/${gpu.architecture ?? ''} (isFallbackAdapter ${String(gpu.isFallbackAdapter)})` : 'no WebGPU adapter';
      console.log(`No real GPU here: ${seen}; WebGL renderer ${probe.webgl?.renderer ?? 'none'}. Nothing measured (run this on a machine with a GPU; see bench/README.md → Real GPU).`);
      return;
    }
    const backends: BackendName[] = [...(gpuReal ? (['webgpu'] as const) : []), ...(glReal ? (['webgl'] as const) : [])];
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const training: Record<string, unknown>[] = [];
    let epoch: Record<string, unknown> | null = null;
    try {
      for (const backend of backends)
        for (const variant of ['slim', 'full'] as Variant[])
          for (const batch of [64, 128]) {
            o.log(`training ${backend} ${variant} b${batch}`);
            const r = await measureTraining(ctx, served.base, { backend, variant, batch, warmupSteps: 3, minSteps: o.quick ? 5 : 20, minSeconds: o.quick ? 5 : 15, maxSeconds: 120, warmupTimeoutSeconds: 180 }).catch(
              (e: Error) => ({ backend, variant, batch, measured: false, error: e.message }),
            );
            training.push(r);
            o.log(`  → ${JSON.stringify({ wall: (r as { imagesPerSecWall?: number }).imagesPerSecWall })}`);
          }
      epoch = await epochWallTime(ctx, served.base, backends[0]!, o.quick ? 20 : EPOCH_STEPS_B128);
    } finally {
      await ctx.close();
    }
    const runs: Record<string, unknown>[] = [];
    if (gpuReal)
      for (const variant of ['slim', 'full'] as Variant[])
        for (const kernels of ['app', 'stock'] as const) {
          o.log(`webgpu profile ${variant} b128, kernels ${kernels}`);
          runs.push(await profileWebGpu(browser, served.base, { variant, batch: 128, steps: 10, kernels }, 300_000));
        }
    const out = {
      kind: 'center-loss-lab/bench-browser-gpu',
      date: started.toISOString(),
      adapter: probe,
      training,
      epochFullB128: epoch,
      webgpu: gpuReal ? webgpuBlock(runs) : null,
      machine: machineInfo(loadavgBefore, browser.version(), true),
    };
    o.log(`wrote ${publishReport('browser', started, out)}`);
  } finally {
    await browser.close();
    await served.close();
  }
}

/** From the click on Train to the progress report that reaches `steps` (one epoch at batch 128), full model. */
async function epochWallTime(ctx: Parameters<typeof newPage>[0], base: string, backend: BackendName, steps: number): Promise<Record<string, unknown>> {
  const page = await newPage(ctx);
  const hash = appHash({ variant: 'full', batch: 128, backend, evalSize: 2000 });
  try {
    await page.goto(base + hash);
    await waitFor(page, 'the first embedding', 180_000, (m) => m.find((x) => x.type === 'embedding'));
    await page.getByTestId('train-toggle').click();
    const t0 = await page.evaluate(() => performance.now());
    const done = await waitFor(page, `${steps} steps`, 3_600_000, (m) => m.find((x) => x.type === 'progress' && (x.step ?? 0) >= steps));
    await page.getByTestId('train-toggle').click();
    await sleep(200);
    const embeds = (await msgs(page)).filter((x) => x.type === 'embedding' && x.t > t0 && x.t <= done.t).length;
    return { backend, hash, steps: done.step, wallSeconds: r1((done.t - t0) / 1000), embedsDuringEpoch: embeds };
  } finally {
    await page.close();
  }
}
