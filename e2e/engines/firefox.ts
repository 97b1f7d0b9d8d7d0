/** Firefox (ESR) through puppeteer-core over WebDriver BiDi: a fresh profile per launch. */
import puppeteer from 'puppeteer-core';
import { unwrap, wrapped, type Driver } from './driver';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export async function launchFirefox(): Promise<Driver> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    protocol: 'webDriverBiDi',
    headless: true,
    defaultViewport: { width: 1400, height: 900 },
    // No update checks, telemetry or remote settings on a closed network.
    extraPrefsFirefox: { 'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false, 'toolkit.telemetry.enabled': false, 'network.captive-portal-service.enabled': false },
  });
  const page = await browser.newPage();
  const version = (await browser.version()).replace(/^firefox\//i, 'Firefox ');
  return {
    engine: 'firefox',
    version,
    goto: async (url) => void (await page.goto(url, { waitUntil: 'load', timeout: 120_000 })),
    reload: async () => void (await page.reload({ waitUntil: 'load', timeout: 120_000 })),
    run: async <T>(body: string) => unwrap<T>(await page.evaluate(wrapped(body))),
    screenshot: async (path) => void (await page.screenshot({ path: path as `${string}.png`, fullPage: false })),
    stroke: async (testId, points) => {
      const el = await page.$(`[data-testid="${testId}"]`);
      await el!.scrollIntoView();
      const box = (await el!.boundingBox())!;
      const at = ([fx, fy]: readonly [number, number]) => [box.x + fx * box.width, box.y + fy * box.height] as const;
      await page.mouse.move(...at(points[0]!));
      await page.mouse.down();
      for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 6 });
      await page.mouse.up();
    },
    close: () => browser.close(),
  };
}
