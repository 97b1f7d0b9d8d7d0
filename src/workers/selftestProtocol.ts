/** The one message protocol between the self-test page (/selftest.html) and its worker. Both sides import types only. */
import type { BackendProbe } from '../ml/backend';
import type { BackendName, Variant } from '../ml/config';
import type { CheckWidths, GradCheckReport } from '../ml/gradcheck';
import type { KernelCheckReport } from '../ml/kernelcheck';
import type { PoolMode } from '../ml/lenetpp';
import type { WebGpuProfile } from '../ml/webgpuProfile';

/** The self-test page → its worker. */
export interface SelfTestRequest {
  /** gradcheck (default): this file's check; kernels: each of our kernels on odd shapes (kernelcheck.ts); profile: webgpuProfile.ts. */
  mode?: SelfTestMode;
  backend: BackendName;
  /** Overrides the pool mode on the checked backend (diagnostics: 'reshape' needs no MaxPoolGrad). */
  pool?: PoolMode;
  /** 'stock': tfjs's own kernels: wasm's wrong MaxPoolGrad (the check must fail), webgpu without ours (the profile's before). */
  kernels?: KernelSet;
  /** The model's structure (default slim) and widths (default tiny) for gradcheck; the model for profile. */
  variant?: Variant;
  widths?: CheckWidths;
  /** Batch size (gradcheck default GRADCHECK_BATCH; profile default 64). */
  batch?: number;
  /** Profile: measured steps after the first (default 3). */
  steps?: number;
}

export type SelfTestMode = 'gradcheck' | 'kernels' | 'profile';

export type KernelSet = 'app' | 'stock';

/** What the browser offers, seen from the worker (probeBrowser). */
export interface SelfTestEnvironment {
  probe: BackendProbe;
  crossOriginIsolated: boolean;
  userAgent: string;
}

/** The worker → the self-test page. */
export type SelfTestReply =
  | { type: 'result'; env: SelfTestEnvironment; report: GradCheckReport }
  | { type: 'kernels'; env: SelfTestEnvironment; report: KernelCheckReport }
  | { type: 'profile'; env: SelfTestEnvironment; report: WebGpuProfile & { kernelSet: KernelSet; device: string | null; ourKernelCalls: Record<string, number> } }
  /** The check could not run (the backend did not start, a kernel threw). */
  | { type: 'error'; env: SelfTestEnvironment | null; requested: BackendName; message: string };
