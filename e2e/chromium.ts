/** The system Chromium and the flags measured to work on these machines (see README → Browser tests); the one launcher of the tests, the bench and the dev tools. */
import { chromium, type Browser } from '@playwright/test';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumPath(): string {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}. Install one (Debian: apt-get install -y chromium) or point CHROMIUM_PATH at a Chromium or Chrome binary.`,
    );
  }
  return CHROMIUM_PATH;
}

/** Without the background-networking flags Chromium floods a closed network with refused connections. */
export const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export const WEBGPU_FLAGS = ['--enable-unsafe-webgpu'];

/** Adds timestamp-query to WebGPU devices (tfjs then times each kernel on the GPU in tf.profile). */
export const TIMESTAMP_FLAGS = ['--enable-dawn-features=allow_unsafe_apis', '--enable-webgpu-developer-features'];

/**
 * What headless Chromium needs to use the machine's real GPU (bench/README.md → Real GPU): a GPU past the
 * blocklist, ANGLE and Dawn on the platform's native API (Linux: Vulkan; Windows: D3D11 for WebGL, D3D12 for
 * WebGPU by default; macOS: Metal), and WebGPU enabled on Linux, where it is still behind a flag.
 */
export function realGpuFlags(platform: NodeJS.Platform = process.platform): string[] {
  const common = ['--ignore-gpu-blocklist', '--enable-gpu', '--enable-unsafe-webgpu', ...TIMESTAMP_FLAGS];
  if (platform === 'linux') return [...common, '--use-angle=vulkan', '--enable-features=Vulkan,WebGPU', '--disable-vulkan-surface'];
  if (platform === 'win32') return [...common, '--use-angle=d3d11'];
  if (platform === 'darwin') return [...common, '--use-angle=metal'];
  return common;
}

export type BrowserKind = 'plain' | 'webgpu' | 'gpu';

/** The flags of each kind: plain (WebGL on SwiftShader here), webgpu (SwiftShader's fallback adapter here), gpu (the real GPU, if any). */
export function flagsFor(kind: BrowserKind): string[] {
  if (kind === 'plain') return BASE_FLAGS;
  if (kind === 'webgpu') return [...BASE_FLAGS, ...WEBGPU_FLAGS, ...TIMESTAMP_FLAGS];
  return [...BASE_FLAGS, ...realGpuFlags()];
}

export function launchChromium(kind: BrowserKind, opts: { headless?: boolean } = {}): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: flagsFor(kind), headless: opts.headless ?? true });
}
