/// <reference lib="webworker" />
/**
 * The self-test worker: checks one tfjs backend's gradients against `cpu` on a tiny LeNet++ (gradcheck.ts)
 * and reports the result with what the browser offers (adapter, fallback or not, WebGL renderer).
 * Backends are imported and configured exactly as in the training worker, so that the check sees the
 * backends the app ships.
 */
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { BACKENDS } from '../ml/config';
import { gradCheckCase, runGradCheck, type SelfTestEnvironment, type SelfTestReply, type SelfTestRequest } from '../ml/gradcheck';
import { probeBrowser } from './probe';

declare const self: DedicatedWorkerGlobalScope;

// As in training.worker.ts: the threaded wasm build breaks once bundled; use the single-threaded SIMD build.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

async function environment(): Promise<SelfTestEnvironment> {
  return { probe: await probeBrowser(), crossOriginIsolated: self.crossOriginIsolated, userAgent: navigator.userAgent };
}

async function check(req: SelfTestRequest): Promise<SelfTestReply> {
  let env: SelfTestEnvironment | null = null;
  try {
    if (!(BACKENDS as readonly string[]).includes(req.backend)) throw new Error(`unknown backend "${String(req.backend)}"`);
    env = await environment();
    const report = await runGradCheck(req.backend, gradCheckCase(), { pool: req.pool, now: () => performance.now() });
    return { type: 'result', env, report };
  } catch (e) {
    return { type: 'error', env, requested: req.backend, message: (e as Error).message || String(e) };
  }
}

self.addEventListener('message', (e: MessageEvent<SelfTestRequest>) => {
  void check(e.data).then((reply) => self.postMessage(reply));
});
