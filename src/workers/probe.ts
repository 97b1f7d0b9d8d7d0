/** What this worker's browser offers: a WebGPU adapter, a WebGL2 renderer, WebAssembly. */
import type { BackendProbe, GlProbe, GpuProbe } from '../ml/backend';
import { SOFTWARE_RENDERER } from '../ml/software';

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface AdapterLike {
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

async function probeWebGpu(): Promise<GpuProbe | null> {
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return null;
    const info = adapter.info ?? {};
    const name = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unknown adapter';
    return { adapter: name, isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? SOFTWARE_RENDERER.test(name) };
  } catch {
    return null;
  }
}

function probeWebGl(): GlProbe | null {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { renderer, software: SOFTWARE_RENDERER.test(renderer) };
  } catch {
    return null;
  }
}

export async function probeBrowser(): Promise<BackendProbe> {
  return { webgpu: await probeWebGpu(), webgl: probeWebGl(), wasm: typeof WebAssembly === 'object' };
}
