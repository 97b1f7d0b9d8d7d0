/** The machine and software a browser report was taken on. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { chromiumPath } from '../../e2e/chromium';
import { loadavg, r1 } from './measure';
import { ROOT } from './server';

const pkg = (name: string): string | null => {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
};

export function machineInfo(loadavgBefore: number[], chromium: string, realGpu: boolean): Record<string, unknown> {
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemGiB: r1(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadavgBefore,
    loadavgAfter: loadavg(),
    node: process.version,
    chromium,
    chromiumPath: chromiumPath(),
    playwright: pkg('@playwright/test'),
    tfjs: pkg('@tensorflow/tfjs'),
    realGpu,
  };
}
