/**
 * The self-test page from the command line: each argument is a selftest.html query, run in turn, and each reply
 * is printed as one JSON line (stdout); the exit code is 1 when any check fails.
 *
 *   npx vite build && npx tsx bench/selftest.ts 'backend=webgpu&mode=kernels' 'backend=webgpu&variant=full&widths=model&batch=128'
 *
 * --browser=plain|webgpu|gpu picks the flags (e2e/chromium.ts; default webgpu); --timeout=S per query (default 900).
 */
import type { SelfTestReply } from '../src/workers/selftestProtocol';
import { launchChromium, type BrowserKind } from '../e2e/chromium';
import { runSelfTestPage } from './browser/selftestPage';
import { serveDist } from './browser/server';

/** One line per reply: the verdict and the figures that matter, for a terminal. */
export function summarise(query: string, r: SelfTestReply, seconds: number): Record<string, unknown> {
  const base = { query, seconds: Math.round(seconds * 10) / 10 };
  if (r.type === 'error') return { ...base, error: r.message };
  if (r.type === 'kernels') return { ...base, pass: r.report.pass, calls: r.report.ourKernelCalls, cases: r.report.cases.map((c) => `${c.kernel} ${c.shape}: ${c.maxRel.toExponential(2)}`) };
  if (r.type === 'profile') {
    const p = r.report;
    return { ...base, kernelSet: p.kernelSet, dispatchesPerStep: p.dispatchesPerStep, uploadsPerStep: p.uploadsPerStep, firstStep: p.firstStep, uploadBytesPerStep: p.uploadBytesPerStep, readbacksPerStep: p.readbacksPerStep, compilationsAfterFirstStep: p.compilationsAfterFirstStep, stepMs: p.stepMs, imagesPerSec: p.imagesPerSec, timing: p.timing, top: p.kernels.slice(0, 8).map((k) => `${k.name} ×${k.calls} ${k.dispatches}d ${k.ms.toFixed(1)}ms ${k.share ?? ''}`) };
  }
  const g = r.report;
  const worst = [...g.comparison.params].sort((a, b) => b.rel - a.rel)[0]!;
  return { ...base, pass: g.pass, active: g.active, device: g.device, batch: g.batch, widths: g.widths, maxRel: g.comparison.maxRel, worst: `${worst.name} ${worst.rel.toExponential(2)}`, lossRel: g.comparison.lossRel, ourKernelCalls: g.ourKernelCalls, programs: g.programs, leaked: g.leakedTensors, ms: g.ms };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const kind = (args.find((a) => a.startsWith('--browser='))?.split('=')[1] ?? 'webgpu') as BrowserKind;
  const timeoutMs = Number(args.find((a) => a.startsWith('--timeout='))?.split('=')[1] ?? 900) * 1000;
  const queries = args.filter((a) => !a.startsWith('--'));
  const served = await serveDist();
  const browser = await launchChromium(kind);
  let failed = false;
  try {
    for (const q of queries) {
      const page = await browser.newPage();
      const t0 = Date.now();
      try {
        const r = await runSelfTestPage(page, served.base, q, timeoutMs);
        failed ||= r.type === 'error' || ('pass' in r.report && r.report.pass === false);
        console.log(JSON.stringify(summarise(q, r, (Date.now() - t0) / 1000)));
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await served.close();
  }
  process.exit(failed ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
