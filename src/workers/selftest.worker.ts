/// <reference lib="webworker" />
/**
 * The self-test worker: checks one tfjs backend's gradients against `cpu` on a tiny LeNet++ (gradcheck.ts),
 * our GPU kernels on odd shapes (kernelcheck.ts), or profiles training steps on webgpu (webgpuProfile.ts),
 * and reports the result with what the browser offers (adapter, fallback or not, WebGL renderer).
 * It sets the backends up with the training worker's module (./backends), so it checks what the app ships.
 */
import './backends';
import { activateBackend } from '../ml/backend';
import { BACKENDS } from '../ml/config';
import { restoreNativeWasmKernels } from '../ml/backends/wasmKernels';
import { restoreNativeWebGpuKernels, webGpuKernelCalls } from '../ml/backends/webgpuKernels';
import { activeDevice, gradCheckCase, gradCheckSpec, runGradCheck } from '../ml/gradcheck';
import type { SelfTestEnvironment, SelfTestReply, SelfTestRequest } from './selftestProtocol';
import { runKernelCheck } from '../ml/kernelcheck';
import { profileWebGpuTraining } from '../ml/webgpuProfile';
import { probeBrowser } from './probe';

declare const self: DedicatedWorkerGlobalScope;

async function environment(): Promise<SelfTestEnvironment> {
  return { probe: await probeBrowser(), crossOriginIsolated: self.crossOriginIsolated, userAgent: navigator.userAgent };
}

async function check(req: SelfTestRequest): Promise<SelfTestReply> {
  let env: SelfTestEnvironment | null = null;
  try {
    if (!(BACKENDS as readonly string[]).includes(req.backend)) throw new Error(`unknown backend "${String(req.backend)}"`);
    env = await environment();
    // 'stock' puts tfjs's own kernels back (this worker checks once and is then terminated).
    const stock = req.kernels === 'stock';
    if (stock) {
      restoreNativeWasmKernels();
      restoreNativeWebGpuKernels();
    }
    const mode = req.mode ?? 'gradcheck';
    if (mode === 'kernels') return { type: 'kernels', env, report: await runKernelCheck(req.backend) };
    if (mode === 'profile') {
      if (req.backend !== 'webgpu') throw new Error('the profile measures the webgpu backend only');
      await activateBackend('webgpu', {}, stock ? 'none' : {});
      webGpuKernelCalls(true);
      const report = await profileWebGpuTraining({ variant: req.variant ?? 'slim', batch: req.batch ?? 64, steps: req.steps ?? 3, now: () => performance.now() });
      return { type: 'profile', env, report: { ...report, kernelSet: req.kernels ?? 'app', device: activeDevice(), ourKernelCalls: webGpuKernelCalls(true) } };
    }
    const wasmKernels = stock ? { correctMaxPoolGrad: false } : {};
    const c = gradCheckCase({ spec: gradCheckSpec(req.variant ?? 'slim', req.widths ?? 'tiny'), batch: req.batch });
    const report = await runGradCheck(req.backend, c, { pool: req.pool, wasmKernels, webgpuKernels: stock ? 'none' : {}, now: () => performance.now() });
    return { type: 'result', env, report };
  } catch (e) {
    return { type: 'error', env, requested: req.backend, message: (e as Error).message || String(e) };
  }
}

self.addEventListener('message', (e: MessageEvent<SelfTestRequest>) => {
  void check(e.data).then((reply) => self.postMessage(reply));
});
