/** The speed issue's targets and the machine's GPU, read from one `npm run bench` report (bench/browser.ts). */
import { SOFTWARE_RENDERER } from '../src/ml/software';
import type { TorchReport } from './torch';

/** What measure.ts's probeBrowser returns, as far as the summary below reads it. */
export interface ProbeOut {
  webgpu: { available: boolean; vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean } | null;
  webgl: { available: boolean; renderer?: string; software?: boolean } | null;
}

/**
 * A WebGPU adapter that is a hardware one. Its name is checked as well as isFallbackAdapter because some Chromium
 * builds leave that flag undefined, and SwiftShader must not pass for a GPU then.
 */
export const hardwareAdapter = (gpu: ProbeOut['webgpu'] | undefined): boolean =>
  !!gpu?.available && gpu.isFallbackAdapter !== true && !SOFTWARE_RENDERER.test(`${gpu.vendor ?? ''} ${gpu.architecture ?? ''} ${gpu.description ?? ''}`);

/**
 * Whether this browser had a hardware GPU: a WebGPU adapter that is not a fallback one (the webgpuFlag probe; an
 * adapter found without the flag counts too), or a WebGL renderer that is not software. Either probe may be missing
 * when its browser failed, hence the optional chaining.
 */
export function realGpuFrom(report: Record<string, unknown>): boolean {
  const probes = [report.webgpuFlag, report.noWebgpuFlag] as (Partial<ProbeOut> | null | undefined)[];
  return probes.some((p) => hardwareAdapter(p?.webgpu) || (!!p?.webgl?.available && p.webgl.software === false));
}

interface Target {
  value: number | null;
  target: number;
  unit: string;
  /** null: the value is missing (not measured, or PyTorch unavailable). */
  met: boolean | null;
  source: string;
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

function target(value: number | null, goal: number, unit: string, meets: (v: number) => boolean, source: string): Target {
  return { value, target: goal, unit, met: value === null ? null : meets(value), source };
}

const wasmEntry = (training: readonly Record<string, unknown>[], variant: 'slim' | 'full', batch: number) =>
  training.find((t) => t.backend === 'wasm' && t.variant === variant && t.batch === batch);

/** Ours ÷ PyTorch for wasm full at batch 128: the target is against PyTorch on all cores, as the wasm backend now uses a thread pool. */
function fullVsPyTorch(training: readonly Record<string, unknown>[], torch: TorchReport, cores: number) {
  const ours = num(wasmEntry(training, 'full', 128)?.imagesPerSecWall);
  const run = (threads: number) => (torch.available ? torch.runs.find((r) => r.variant === 'full' && r.batch === 128 && r.threads === threads) : undefined);
  const all = num(run(cores)?.imagesPerSec);
  const one = num(run(1)?.imagesPerSec);
  const ratio = (t: number | null) => (ours !== null && t ? Math.round((ours / t) * 1000) / 1000 : null);
  const missing =
    ours === null
      ? ' (no measured wasm full b128 entry)'
      : !torch.available
        ? ` (PyTorch unavailable: ${torch.reason})`
        : all === null
          ? ` (no PyTorch full b128 run with ${cores} threads; see pytorch.errors)`
          : '';
  return {
    ...target(ratio(all), 0.25, 'ratio', (v) => v >= 0.25, `training[wasm full b128].imagesPerSecWall ÷ pytorch.runs[full b128, threads ${cores}].imagesPerSec${missing}`),
    oursImagesPerSec: ours,
    pytorchImagesPerSec: all,
    pytorchThreads: cores,
    vsPyTorchOneThread: ratio(one),
  };
}

/** The faster of the two slim batch sizes: the issue asks whether slim can reach the rate at all. */
function slimBest(training: readonly Record<string, unknown>[]) {
  const measured = [64, 128].flatMap((batch) => {
    const v = num(wasmEntry(training, 'slim', batch)?.imagesPerSecWall);
    return v === null ? [] : [{ batch, v }];
  });
  const best = measured.reduce<{ batch: number; v: number } | null>((b, x) => (b === null || x.v > b.v ? x : b), null);
  const source = best ? `training[wasm slim b${best.batch}].imagesPerSecWall (the better of batch 64 and 128)` : 'no measured wasm slim entry';
  return { ...target(best?.v ?? null, 400, 'images/s', (v) => v >= 400, source), batch: best?.batch ?? null };
}

/** A count of 0 means no task reached the long-task threshold (50 ms), so 0 stands in for "under 50 ms". */
function longestTask(report: Record<string, unknown>): Target {
  const jank = report.mainThreadWhileTraining10k as { longTasks?: { count?: number; maxMs?: number; unsupported?: string } } | undefined;
  const lt = jank?.longTasks;
  const meets = (v: number) => v < 50;
  if (!lt) return target(null, 50, 'ms', meets, 'mainThreadWhileTraining10k missing (see errors)');
  if (lt.unsupported) return target(null, 50, 'ms', meets, `long tasks not observable in this browser: ${lt.unsupported}`);
  if (lt.count === 0) return target(0, 50, 'ms', meets, 'mainThreadWhileTraining10k.longTasks.count is 0: no task went over the 50 ms long-task threshold, so 0 stands for "under 50 ms"');
  return target(num(lt.maxMs), 50, 'ms', meets, 'mainThreadWhileTraining10k.longTasks.maxMs');
}

/** The page's main thread while training, the worst of the modes (single, compare, quick lesson, 3-D): wall-time busy share as CDP reports it, CPU time beside it. */
function mainThreadWhileTraining(report: Record<string, unknown>) {
  const m = report.mainThreadWhileTraining as { maxBusy?: unknown; maxBusyMode?: unknown; maxCpu?: unknown; longestTaskMs?: unknown; longestTaskMode?: unknown } | null | undefined;
  const src = (k: string) => (m ? `mainThreadWhileTraining.${k} (the worst of the modes)` : 'mainThreadWhileTraining missing (see errors)');
  return {
    mainThreadBusyShare: { ...target(num(m?.maxBusy), 0.15, 'of a core', (v) => v <= 0.15, `${src('maxBusy')}: CDP TaskDuration per second, wall time (a loaded machine inflates it)`), mode: m?.maxBusyMode ?? null, cpuShare: num(m?.maxCpu) },
    longestTaskWhileTrainingMs: { ...target(num(m?.longestTaskMs), 50, 'ms', (v) => v < 50, `${src('longestTaskMs')}: longtask entries (50 ms and over); 0 when none`), mode: m?.longestTaskMode ?? null },
  };
}

/** The target is on a warm cache; the cold (empty-cache) figure is kept beside it for information. */
function firstScatter(report: Record<string, unknown>) {
  const load = report.firstLoad as { navigationToFirstScatterMs?: unknown; warmCache?: { medianNavigationToFirstScatterMs?: unknown } } | null | undefined;
  const warm = num(load?.warmCache?.medianNavigationToFirstScatterMs);
  const source = warm === null ? 'firstLoad.warmCache missing (see errors)' : 'firstLoad.warmCache.medianNavigationToFirstScatterMs (median of 3 visits in the same browser context)';
  return { ...target(warm, 3000, 'ms', (x) => x <= 3000, source), coldCacheMs: num(load?.navigationToFirstScatterMs) };
}

/** The lesson's targets: the slowest seed of each mode, and the slowest-moving scatter. */
function lesson(report: Record<string, unknown>) {
  const t = report.timeToLesson as { summary?: Record<'quick' | 'scratch', { maxSeconds?: unknown; minScatterUpdatesPerSec?: unknown }> } | null | undefined;
  const src = (k: string) => (t?.summary ? `timeToLesson.summary.${k} (the slowest of seeds 1-3 to the lesson by shape, src/ml/lessonEta.ts; Infinity: not reached within the cap)` : 'timeToLesson missing (see errors)');
  const secs = (m: 'quick' | 'scratch') => (typeof t?.summary?.[m]?.maxSeconds === 'number' ? (t.summary[m].maxSeconds as number) : null);
  const updates = [t?.summary?.quick?.minScatterUpdatesPerSec, t?.summary?.scratch?.minScatterUpdatesPerSec].map(num).filter((v): v is number => v !== null);
  return {
    quickLessonSeconds: target(secs('quick'), 10, 's', (v) => v <= 10, src('quick.maxSeconds')),
    scratchLessonSeconds: target(secs('scratch'), 120, 's', (v) => v <= 120, src('scratch.maxSeconds')),
    scatterUpdatesPerSec: target(updates.length ? Math.min(...updates) : null, 4, 'per s', (v) => v >= 4, src('*.minScatterUpdatesPerSec (per panel, first 20 s of training)')),
  };
}

/** The speed issue's four targets, from this run's figures only. */
export function computeTargets(report: Record<string, unknown>, training: readonly Record<string, unknown>[], torch: TorchReport, cores: number) {
  return {
    fullB128VsPyTorch: fullVsPyTorch(training, torch, cores),
    slimImagesPerSec: slimBest(training),
    longestMainThreadTaskMs: longestTask(report),
    firstScatterMs: firstScatter(report),
    ...mainThreadWhileTraining(report),
    ...lesson(report),
  };
}
