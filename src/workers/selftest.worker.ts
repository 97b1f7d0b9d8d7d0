/// <reference lib="webworker" />
/**
 * The self-test worker: checks one tfjs backend's gradients against `cpu` on a tiny LeNet++ (gradcheck.ts)
 * and reports the result with what the browser offers (adapter, fallback or not, WebGL renderer).
 * It sets the backends up with the training worker's module (./backends), so it checks what the app ships.
 */
import './backends';
import { BACKENDS } from '../ml/config';
import { restoreNativeWasmKernels } from '../ml/backends/wasmKernels';
import { gradCheckCase, runGradCheck, type SelfTestEnvironment, type SelfTestReply, type SelfTestRequest } from '../ml/gradcheck';
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
    // 'stock' puts wasm's own kernels back (this worker checks once and is then terminated).
    if (req.kernels === 'stock') restoreNativeWasmKernels();
    const wasmKernels = req.kernels === 'stock' ? { correctMaxPoolGrad: false } : {};
    const report = await runGradCheck(req.backend, gradCheckCase(), { pool: req.pool, wasmKernels, now: () => performance.now() });
    return { type: 'result', env, report };
  } catch (e) {
    return { type: 'error', env, requested: req.backend, message: (e as Error).message || String(e) };
  }
}

self.addEventListener('message', (e: MessageEvent<SelfTestRequest>) => {
  void check(e.data).then((reply) => self.postMessage(reply));
});
