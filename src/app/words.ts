/** The worker sends codes and numbers; these are the sentences the page shows for them. */
import type { BackendInfo, ErrorCode, SettingsChange, WorkerToUi } from '../workers/protocol';

const upper = (b: string) => (b === 'wasm' ? 'WASM' : b === 'cpu' ? 'CPU' : b === 'webgl' ? 'WebGL' : 'WebGPU');

const ERROR_WORDS: Record<ErrorCode, (detail: string) => string> = {
  data: (d) => d,
  backend: (d) => d,
  'invalid-settings': (d) => `Invalid settings: ${d}`,
  'rejected-change': (d) => `Rejected: ${d}`,
  'invalid-file': () => 'This weights file was not loaded: it is damaged, or was written for another model or version. The current model is unchanged.',
  'not-weights-file': () => 'This file was not loaded: it is not a Center Loss Lab weights file (use one written by Export weights). The current model is unchanged.',
  'not-json-file': () => 'This file was not loaded: it is not a weights file (not even JSON text). The current model is unchanged.',
  'not-ready': () => 'The app is not ready yet: try again once the model is built.',
  'nothing-to-export': () => 'No model to export yet.',
  export: (d) => `Export failed: ${d}`,
  start: (d) => `The quick lesson could not start: its trained network did not load (${d}). The model on screen is kept.`,
  'invalid-save': (d) => `The saved run could not be resumed (${d}); it was discarded.`,
  internal: (d) => `Something went wrong in the training worker: ${d}`,
};

export const errorMessage = (code: ErrorCode, detail: string): string => ERROR_WORDS[code](detail);

/** Codes whose sentence leaves the worker's detail out: it is shown below it, one click away, for whoever made the file. */
const DETAIL_BELOW: ReadonlySet<ErrorCode> = new Set(['invalid-file', 'not-weights-file', 'not-json-file']);

export const errorDetail = (code: ErrorCode, detail: string): string | undefined => (DETAIL_BELOW.has(code) && detail ? detail : undefined);

const API = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM (CPU)', cpu: 'plain JavaScript' } as const;

/** Why this backend: "No WebGPU adapter and WebGL renders in software (…): training on WASM (CPU)". */
export function backendReason(b: Pick<BackendInfo, 'backend' | 'why' | 'seen'>): string {
  const s = b.seen;
  const gpu = s.webgpu === null ? 'No WebGPU adapter' : s.webgpuFallback ? `WebGPU adapter "${s.webgpu}" is a fallback (software) adapter` : `WebGPU adapter "${s.webgpu}"`;
  const gl = s.webgl === null ? 'no WebGL' : s.webglSoftware ? `WebGL renders in software (${s.webgl})` : `WebGL runs on ${s.webgl}`;
  switch (b.why) {
    case 'chosen':
      return `${API[b.backend]} was chosen in the settings`;
    case 'webgpu-real':
      return 'A WebGPU adapter on a real GPU';
    case 'webgl-real':
      return `${s.webgpu === null ? 'No WebGPU adapter' : 'The WebGPU adapter is a fallback adapter'}; WebGL runs on a real GPU`;
    case 'software-gpu':
      return `${gpu} and ${gl}: training on WASM (CPU)`;
    case 'no-wasm':
      return `${gpu}, ${gl} and no WebAssembly: training on plain JavaScript`;
    default: {
      const never: never = b.why;
      return never;
    }
  }
}

/** What the lesson gives up on this backend, in plain words; null: nothing. */
export function lessonLoss(b: Pick<BackendInfo, 'why' | 'variant'>): string | null {
  switch (b.why) {
    case 'software-gpu':
      return b.variant === 'slim'
        ? 'Without a GPU the lesson trains the slim LeNet++ (the same features, about 10× cheaper): an epoch takes minutes, not seconds'
        : 'Without a GPU the full LeNet++ trains about 10× slower than the slim one: an epoch takes many minutes';
    case 'no-wasm':
      return 'Without a GPU or WebAssembly the lesson trains in plain JavaScript: a few steps a second at most';
    default:
      return null;
  }
}

const MODEL_WORDS = { slim: 'the smaller model', full: 'the full model' } as const;

/** The backend notice a newcomer reads: one plain sentence; backendReason is the detail behind it. */
export function backendSentence(b: Pick<BackendInfo, 'backend' | 'why' | 'variant'>): string {
  const model = MODEL_WORDS[b.variant];
  switch (b.why) {
    case 'software-gpu':
      return `No hardware GPU here: training on the CPU with ${model}.`;
    case 'no-wasm':
      return `No hardware GPU and no WebAssembly here: training on plain JavaScript with ${model}.`;
    case 'chosen':
      return `Training on ${API[b.backend]}, as chosen in the settings, with ${model}.`;
    case 'webgpu-real':
    case 'webgl-real':
      return `Training on the GPU (${API[b.backend]}) with ${model}.`;
    default: {
      const never: never = b.why;
      return never;
    }
  }
}

export function divergedMessage(m: Extract<WorkerToUi, { type: 'diverged' }>, runs: number): string {
  const which = runs > 1 ? ` in the λ = ${m.lambda} run` : '';
  return `The loss became NaN or infinite${which} by step ${m.step} (λ ${m.lambda}, α ${m.hyper.alpha}, lr ${m.hyper.lr}). Training paused; restore the weights of step ${m.lastGoodStep}.`;
}

export function fallbackMessage(m: Extract<WorkerToUi, { type: 'fallback' }>): string {
  const redone = m.replayed > 0 ? ` (${m.replayed} step${m.replayed === 1 ? '' : 's'} recomputed)` : '';
  return `The GPU device was lost (${m.reason}). Training continues on ${upper(m.to)} at step ${m.resumedStep}, every run${redone}.`;
}

/** What the worker changed from the settings asked, and why. */
export function adjustedMessage(c: SettingsChange): string {
  switch (c.kind) {
    case 'start-missing':
      return `The quick lesson's trained start did not load (${c.detail}): training from a fresh network with the fast preset instead.`;
    case 'start-feat-dim':
      return `The quick lesson starts from a network with ${c.got}-D features, so this run is ${c.got}-D, not ${c.asked}-D: choose the fast preset for ${c.asked}-D features.`;
    case 'steppers-failed':
      return `The runs could not train side by side (${c.detail}): they now train one after the other, more slowly, from the same step.`;
    default: {
      const never: never = c;
      return String(never);
    }
  }
}
