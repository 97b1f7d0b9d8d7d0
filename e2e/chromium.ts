/** The system Chromium and the flags measured to work on these machines (see README → Browser tests). */
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
