// Kernel A/B in Chromium, in a worker with the app's wasm thread pool. Usage:
//   KERNELS_PAGE=1 npx vite build --outDir /tmp/kernels-dist && npx vite preview --outDir /tmp/kernels-dist --port 4182 &
//   node scripts/dev/kernels/browser.mjs 'variant=full&batch=128&rounds=3'   (configs=<JSON> as in node.ts)
import { chromium } from '@playwright/test';

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--no-first-run'] });
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:4182/scripts/dev/kernels/browser.html?${process.argv[2] ?? ''}`);
await page.waitForSelector('body[data-done]', { timeout: 600_000 });
console.log(await page.textContent('#out'));
await browser.close();
