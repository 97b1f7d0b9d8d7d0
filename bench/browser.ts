/**
 * The app measured in the real browser, through its UI and its worker (production build, `vite preview`).
 *
 *   npm run bench                      # vite build, then this script; prints JSON, writes bench/results/browser-<timestamp>.json
 *   npm run bench -- --gpu             # the real GPU: webgpu and webgl × slim/full × batch 64/128, one epoch of full (exits 0 without one)
 *   npm run profile:webgpu             # the webgpu step profile only (dispatches, uploads, readbacks, kernels), ours and tfjs's
 *   npx tsx bench/browser.ts --tool=main-thread|jank|profile|trace|compare|inspect [--hash=…] [--seconds=N] [--steps=N] [--shot=FILE] [--hide] [--action=train|step] [--browser=plain|webgpu|gpu]
 *
 * Environment: CHROMIUM_PATH (as the e2e tests), BENCH_BUDGET_S (soft limit of the whole run, default 540: the
 * software-GPU backends are skipped when it runs out), BENCH_QUICK=1 (shorter windows, a smoke run), BENCH_PYTHON
 * (the interpreter PyTorch is timed with, as in bench:node).
 *
 * Parts: browser/server.ts (vite preview on a port the OS picks), page/ (the typed instrumentation injected into the
 * page, built with esbuild), browser/measure.ts (the measurements), browser/profile.ts (the webgpu profile),
 * browser/gpu.ts (--gpu), browser/tools.ts (the dev looks), browser/report.ts (machine info), targets.ts, torch.ts.
 */
import type { Browser, BrowserContext } from '@playwright/test';
import os from 'node:os';
import type { Variant } from '../src/ml/config';
import { launchChromium, type BrowserKind } from '../e2e/chromium';
import { runGpuBench } from './browser/gpu';
import { loadavg, measureEmbed, measureFirstLoad, measureJank, measureTraining, newPage, probeBrowser, type TrainPlan } from './browser/measure';
import { measureTimeToLesson, type LessonMode, type LessonResult } from './browser/lesson';
import { profileWebGpu, webgpuBlock } from './browser/profile';
import { machineInfo } from './browser/report';
import { serveDist } from './browser/server';
import { compareRun, inspect, mainThread, mainThreadModes } from './browser/tools';
import { profileMain, traceMain } from './browser/cpuProfile';
import { publishReport } from './results';
import { computeTargets, realGpuFrom } from './targets';
import { runTorch } from './torch';

const QUICK = process.env.BENCH_QUICK === '1';
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? 540) * 1000;
const T_START = Date.now();
const elapsedMs = () => Date.now() - T_START;
const leftMs = () => BUDGET_MS - elapsedMs();
const log = (s: string) => process.stderr.write(`[bench] ${(elapsedMs() / 1000).toFixed(0)}s ${s}\n`);

async function withBrowser<T>(kind: BrowserKind, fn: (b: Browser) => Promise<T>): Promise<T> {
  const browser = await launchChromium(kind);
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

async function fullBench(args: Args): Promise<void> {
  const started = new Date();
  const loadavgBefore = loadavg();
  const served = await serveDist();
  const base = served.base;
  const errors: string[] = [];
  const report: Record<string, unknown> = {
    kind: 'center-loss-lab/bench-browser',
    date: started.toISOString(),
    quick: QUICK,
    budgetSeconds: BUDGET_MS / 1000,
  };
  const chromiumVersion = { value: '' };
  const training: Record<string, unknown>[] = [];
  const s = QUICK ? 0.3 : 1;
  /** A GPU backend on the software renderer: a step or two, bounded in time. */
  const measureSoftwareGpu = (ctx: BrowserContext, backend: 'webgl' | 'webgpu', variant: Variant = 'slim', batch = 64) =>
    measureTraining(ctx, base, {
      backend,
      variant,
      batch,
      warmupSteps: 1,
      minSteps: 1,
      minSeconds: 10 * s,
      maxSeconds: Math.min(90, leftMs() / 2000),
      warmupTimeoutSeconds: Math.min(120, leftMs() / 2000),
    }).catch((e: Error) => ({ backend, variant, batch, measured: false, error: e.message }));
  try {
    // ---- without WebGPU: default load, wasm everything, webgl bounded
    await withBrowser('plain', async (browser) => {
      chromiumVersion.value = browser.version();
      log('probe (no WebGPU flag)');
      report.noWebgpuFlag = await probeBrowser(browser, base);

      log('first load (fresh context, default settings)');
      report.firstLoad = await measureFirstLoad(browser, base).catch((e: Error) => (errors.push(`firstLoad: ${e.message}`), null));

      const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      try {
        for (const variant of ['slim', 'full'] as const) {
          for (const batch of [64, 128]) {
            const plan: TrainPlan =
              variant === 'slim'
                ? { backend: 'wasm', variant, batch, warmupSteps: 3, minSteps: 5, minSeconds: 12 * s, maxSeconds: 60, warmupTimeoutSeconds: 90 }
                : { backend: 'wasm', variant, batch, warmupSteps: 1, minSteps: QUICK ? 1 : 3, minSeconds: 15 * s, maxSeconds: 120, warmupTimeoutSeconds: 120 };
            log(`training wasm ${variant} b${batch}`);
            try {
              const r = await measureTraining(ctx, base, plan);
              training.push(r);
              log(`  → ${JSON.stringify({ wall: r.imagesPerSecWall, reported: r.imagesPerSecReported, warmupMs: r.warmupMs })}`);
            } catch (e) {
              errors.push(`wasm ${variant} b${batch}: ${(e as Error).message}`);
            }
          }
        }

        const embed: Record<string, unknown>[] = [];
        report.embed = embed;
        for (const [variant, size] of [['slim', 2000], ['full', 2000]] as const) {
          log(`embed wasm ${variant} ${size}`);
          try {
            embed.push((await measureEmbed(ctx, base, variant, size)).result);
          } catch (e) {
            errors.push(`embed ${variant} ${size}: ${(e as Error).message}`);
          }
        }
        log('embed wasm slim 10000, then long tasks / frames while training and drawing 10,000 points');
        try {
          const { result, page } = await measureEmbed(ctx, base, 'slim', 10000, true);
          embed.push(result);
          report.mainThreadWhileTraining10k = { backend: 'wasm', variant: 'slim', batch: 128, ...(await measureJank(page!, QUICK ? 8 : 20, QUICK ? 40 : 90)) };
          await page!.close();
        } catch (e) {
          errors.push(`embed/jank 10000: ${(e as Error).message}`);
        }

        // webgl runs on SwiftShader here: slim at batch 64 only, time-bounded.
        const gl = (report.noWebgpuFlag as { webgl?: { available?: boolean; software?: boolean; renderer?: string } }).webgl;
        if (!gl?.available) training.push({ backend: 'webgl', measured: false, skipped: 'no WebGL2 context in this browser' });
        else if (leftMs() < 150_000) training.push({ backend: 'webgl', variant: 'slim', batch: 64, measured: false, skipped: `bench time budget spent (software renderer: ${gl.renderer})` });
        else {
          log('training webgl slim b64 (bounded)');
          const r = await measureSoftwareGpu(ctx, 'webgl');
          training.push({ ...r, renderer: gl.renderer, software: gl.software, note: 'software GPU (SwiftShader): slim at batch 64 only, time-bounded' });
        }
      } finally {
        await ctx.close();
      }
    });

    // ---- the main thread while training, in every mode a lesson uses
    await withBrowser('plain', async (browser) => {
      log('main thread while training: single, compare, quick lesson, 3-D');
      report.mainThreadWhileTraining = await mainThreadModes(browser, base, QUICK ? 6 : 12, errors);
    });

    // ---- with --enable-unsafe-webgpu: the adapter, and webgpu bounded
    await withBrowser('webgpu', async (browser) => {
      log('probe (--enable-unsafe-webgpu)');
      const probe = await probeBrowser(browser, base);
      report.webgpuFlag = probe;
      const gpu = probe.webgpu as { available?: boolean; isFallbackAdapter?: boolean; architecture?: string; vendor?: string } | null;
      if (!gpu?.available) training.push({ backend: 'webgpu', measured: false, skipped: 'no WebGPU adapter even with --enable-unsafe-webgpu' });
      else if (leftMs() < 150_000)
        training.push({ backend: 'webgpu', variant: 'slim', batch: 64, measured: false, skipped: `bench time budget spent (software adapter: ${gpu.vendor}/${gpu.architecture}, isFallbackAdapter ${gpu.isFallbackAdapter})` });
      else {
        log('training webgpu slim b64 (bounded)');
        const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        try {
          const r = await measureSoftwareGpu(ctx, 'webgpu');
          training.push({ ...r, adapter: gpu, note: 'software adapter (SwiftShader, isFallbackAdapter): slim at batch 64, time-bounded' });
          if (leftMs() > 240_000) {
            log('training webgpu full b16 (bounded)');
            const f = await measureSoftwareGpu(ctx, 'webgpu', 'full', 16);
            training.push({ ...f, adapter: gpu, note: 'software adapter: full at batch 16, time-bounded' });
          } else training.push({ backend: 'webgpu', variant: 'full', batch: 16, measured: false, skipped: 'bench time budget spent' });
        } finally {
          await ctx.close();
        }
      }
      if (gpu?.available) {
        const runs: Record<string, unknown>[] = [];
        for (const kernels of ['app', 'stock'] as const) {
          log(`webgpu profile slim b64, kernels ${kernels}`);
          runs.push(await profileWebGpu(browser, base, { variant: 'slim', batch: 64, steps: QUICK ? 1 : 2, kernels }, 300_000));
        }
        report.webgpu = webgpuBlock(runs);
      }
    });
    // Last, outside the budget of the parts above: minutes per seed from scratch.
    await withBrowser('plain', async (browser) => {
      report.timeToLesson = await timeToLesson(browser, base, args.seeds).catch((e: Error) => (errors.push(`timeToLesson: ${e.message}`), null));
    });
  } finally {
    await served.close();
  }

  // After the browser is closed, so that the two never compete for the cores.
  log('PyTorch (full and slim, batch 128 and 64)…');
  const pytorch = runTorch(
    [
      { variant: 'full', batch: 128 },
      { variant: 'slim', batch: 128 },
      { variant: 'slim', batch: 64 },
      { variant: 'full', batch: 64 },
    ],
    { quick: QUICK },
  );
  const cores = os.cpus().length;

  const out = {
    ...report,
    machine: machineInfo(loadavgBefore, chromiumVersion.value, realGpuFrom(report)),
    training,
    pytorch,
    targets: computeTargets(report, training, pytorch, cores),
    errors,
    totalSeconds: Math.round(elapsedMs() / 1000),
  };
  log(`wrote ${publishReport('browser', started, out)}`);
}


/**
 * Seconds a run may take to the lesson before it counts as not reached: a few times the quick lesson's target, and a little over the
 * scratch target, so that three seeds of each fit the bench's 20 minutes (the scratch seeds are the long part).
 */
const LESSON_CAP_SECONDS: Record<LessonMode, number> = { quick: 40, scratch: 150 };

/** The quick lesson and the lesson from scratch, compare mode on wasm, per seed: seconds and steps to the lesson by shape, the figures then, scatter updates per second. */
async function timeToLesson(browser: Browser, base: string, seeds: number[], modes: readonly LessonMode[] = ['quick', 'scratch']): Promise<{ runs: LessonResult[]; summary: Partial<Record<LessonMode, unknown>> }> {
  const runs: LessonResult[] = [];
  for (const mode of modes) {
    for (const seed of seeds) {
      log(`time to the lesson: ${mode}, seed ${seed}`);
      const r = await measureTimeToLesson(browser, base, mode, seed, QUICK ? Math.min(60, LESSON_CAP_SECONDS[mode]) : LESSON_CAP_SECONDS[mode]);
      log(`  → ${JSON.stringify(r)}`);
      runs.push(r);
    }
  }
  const summary = (mode: LessonMode) => {
    const rs = runs.filter((r) => r.mode === mode);
    const secs = rs.map((r) => r.seconds ?? Infinity);
    return {
      reached: rs.filter((r) => r.reached).length,
      of: rs.length,
      maxSeconds: Math.max(...secs),
      seconds: secs,
      steps: rs.map((r) => r.steps),
      softmaxSpokes: rs.map((r) => r.softmaxSpokes),
      capSeconds: LESSON_CAP_SECONDS[mode],
      minScatterUpdatesPerSec: Math.min(...rs.flatMap((r) => Object.values(r.scatterUpdatesPerSec))),
    };
  };
  return { runs, summary: Object.fromEntries(modes.map((m) => [m, summary(m)])) };
}

/** --lesson: the time to the lesson alone. */
async function lessonOnly(args: Args): Promise<void> {
  const started = new Date();
  const served = await serveDist();
  try {
    const out = await withBrowser('plain', async (browser) => ({ kind: 'center-loss-lab/bench-lesson', date: started.toISOString(), timeToLesson: await timeToLesson(browser, served.base, args.seeds, args.modes), machine: machineInfo(loadavg(), browser.version(), false) }));
    log(`wrote ${publishReport('browser', started, out)}`);
  } finally {
    await served.close();
  }
}

/** --profile: the webgpu profile alone, slim and full, ours and tfjs's, on the browser's webgpu (SwiftShader here). */
async function profileOnly(args: Args): Promise<void> {
  const started = new Date();
  const served = await serveDist();
  const runs: Record<string, unknown>[] = [];
  try {
    await withBrowser(args.browser ?? 'webgpu', async (browser) => {
      for (const variant of args.variants) {
        for (const kernels of ['app', 'stock'] as const) {
          log(`webgpu profile ${variant} b${args.batch}, kernels ${kernels}`);
          runs.push(await profileWebGpu(browser, served.base, { variant, batch: args.batch, steps: args.steps ?? 2, kernels }, 580_000));
        }
      }
    });
  } finally {
    await served.close();
  }
  log(`wrote ${publishReport('browser', started, { kind: 'center-loss-lab/bench-webgpu-profile', date: started.toISOString(), webgpu: webgpuBlock(runs), machine: machineInfo(loadavg(), '', false) })}`);
}

interface Args {
  gpu: boolean;
  profile: boolean;
  tool: string | null;
  browser: BrowserKind | null;
  hash: string | null;
  seconds: number | null;
  steps: number | null;
  batch: number;
  variants: Variant[];
  shot: string | null;
  hide: boolean;
  action: 'train' | 'step' | null;
  lesson: boolean;
  seeds: number[];
  /** --modes=quick: the lesson's modes to measure (both by default). */
  modes: LessonMode[];
}

function parseArgs(argv: string[]): Args {
  const get = (k: string) => argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3) ?? null;
  const num = (k: string) => (get(k) !== null ? Number(get(k)) : null);
  const variants = (get('variants') ?? 'slim,full').split(',').filter((v): v is Variant => v === 'slim' || v === 'full');
  const action = get('action');
  return {
    gpu: argv.includes('--gpu'),
    profile: argv.includes('--profile'),
    tool: get('tool'),
    browser: (get('browser') as BrowserKind | null) ?? null,
    hash: get('hash'),
    seconds: num('seconds'),
    steps: num('steps'),
    batch: num('batch') ?? 64,
    variants,
    shot: get('shot'),
    hide: argv.includes('--hide'),
    action: action === 'train' || action === 'step' ? action : null,
    lesson: argv.includes('--lesson'),
    seeds: (get('seeds') ?? '1,2,3').split(',').map(Number),
    modes: (get('modes') ?? 'quick,scratch').split(',').filter((m): m is LessonMode => m === 'quick' || m === 'scratch'),
  };
}

async function runTool(a: Args): Promise<void> {
  const served = await serveDist();
  try {
    await withBrowser(a.browser ?? 'plain', async (browser) => {
      const hash = a.hash ? `#${a.hash.replace(/^#/, '')}` : '';
      let out: unknown;
      if (a.tool === 'main-thread') out = await mainThread(browser, served.base, hash || '#preset=fast&variant=slim&batch=128&backend=wasm&evalSize=100', a.seconds ?? 12, a.hide);
      else if (a.tool === 'jank') {
        const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        const page = await newPage(ctx);
        await page.goto(served.base + (hash || '#preset=fast&variant=slim&evalSize=10000'));
        await page.waitForSelector('[data-testid="scatter"][data-points="10000"]', { timeout: 180_000 });
        out = await measureJank(page, a.seconds ?? 20, 90);
        await ctx.close();
      } else if (a.tool === 'compare') out = await compareRun(browser, served.base, hash || '#preset=fast&variant=slim&batch=64&evalSize=1000&compare=1&holdout=9', a.steps ?? 300, a.shot);
      else if (a.tool === 'profile') out = await profileMain(browser, served.base, hash || '#compare=1', a.seconds ?? 15);
      else if (a.tool === 'trace') out = await traceMain(browser, served.base, hash || '#compare=1', a.seconds ?? 10);
      else if (a.tool === 'inspect') await inspect(browser, served.base, hash, a.seconds ?? 30, a.action, a.shot);
      else throw new Error(`unknown --tool=${a.tool}: use main-thread, jank, profile, trace, compare or inspect`);
      if (out !== undefined) console.log(JSON.stringify(out, null, 1));
    });
  } finally {
    await served.close();
  }
}

const args = parseArgs(process.argv.slice(2));
const run = args.tool ? runTool(args) : args.gpu ? runGpuBench({ log, quick: QUICK }) : args.profile ? profileOnly(args) : args.lesson ? lessonOnly(args) : fullBench(args);
run.then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
