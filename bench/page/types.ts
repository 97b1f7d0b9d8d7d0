/** What the page instrumentation (recorder.ts) records and offers, shared by the page and the bench in Node. */
import type { BackendProbe } from '../../src/ml/backend';
import type { BackendInfo, RunId } from '../../src/workers/protocol';

export interface Msg {
  t: number;
  type: string;
  run?: RunId;
  step?: number;
  imagesPerSec?: number;
  points?: number;
  evalSize?: number;
  loadMs?: number;
  status?: string;
  message?: string;
  code?: string;
  backend?: BackendInfo;
}

export interface ScatterRec {
  t: number;
  id: 'scatter' | 'scatter-softmax';
  points: number;
  step: number;
  drawMs: number;
}

export interface ResourceEntry {
  name: string;
  transferSize: number;
  encodedBodySize: number;
  decodedBodySize: number;
}

export interface PageProbe {
  /** The app's own probe (src/workers/probe.ts), run in the page. */
  app: BackendProbe;
  /** The raw adapter info, with whether it offers timestamp queries. */
  adapter: { vendor: string; architecture: string; device: string; description: string; timestampQuery: boolean } | null;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  userAgent: string;
}

export interface BenchPage {
  msgs: Msg[];
  long: { t: number; d: number }[];
  frames: number[];
  /** Starts recording frame intervals (a rAF loop): only where frames are measured, as the loop costs the main thread. */
  startFrames: () => void;
  scatter: ScatterRec[];
  longUnsupported: string | null;
  probe: () => Promise<PageProbe>;
  resources: () => ResourceEntry[];
  headerImagesPerSec: () => string | null;
}
