/** What the soak does to the app, each as a teacher would, and how it tells that the action took. */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

export interface SoakContext {
  page: Page;
  /** The last weights file exported, for the good import. */
  exported: string | null;
  /** The step the app had autosaved before the reload. */
  savedStep: number | null;
  /** Set by an action that rebuilt the model in compare mode: the next tensor count is an "after reset" one. */
  resetPending: boolean;
}

export interface SoakAction {
  name: string;
  /** Resolves with whether the app did what was asked, and what it showed. */
  run(c: SoakContext): Promise<{ applied: boolean; detail?: string }>;
}

const WAIT = 60_000;

const text = (page: Page, id: string) => page.getByTestId(id).textContent().then((t) => (t ?? '').trim());
const step = async (page: Page) => Number(await text(page, 'step-counter'));
const status = (page: Page) => text(page, 'run-status');

async function until(page: Page, fn: () => Promise<boolean>, ms = WAIT): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn().catch(() => false)) return true;
    await page.waitForTimeout(200);
  }
  return false;
}

const running = (page: Page) => until(page, async () => (await status(page)) === 'running');

async function ensureRunning(page: Page): Promise<boolean> {
  if ((await status(page)) !== 'running') await page.getByTestId('train-toggle').click();
  return running(page);
}

/** A live setting typed into its number field: applied when the worker confirms a step after the change. */
const setting = (name: string, testId: string, values: number[]): SoakAction => {
  let k = 0;
  return {
    name,
    run: async ({ page }) => {
      const v = values[k++ % values.length]!;
      const before = await text(page, 'hyper-applied');
      await page.getByTestId(testId).fill(String(v));
      await page.getByTestId(testId).press('Enter');
      const applied = await until(page, async () => (await text(page, 'hyper-applied')) !== before);
      return { applied, detail: `${name} = ${v}` };
    },
  };
};

export const ACTIONS: SoakAction[] = [
  { name: 'train', run: async ({ page }) => ({ applied: await ensureRunning(page) }) },
  setting('lambda', 'lambda-input', [0.5, 0.1, 1]),
  setting('alpha', 'alpha-input', [0.3, 0.5]),
  setting('lr', 'lr-input', [0.02, 0.05]),
  {
    name: 'pause',
    run: async ({ page }) => {
      if ((await status(page)) === 'running') await page.getByTestId('train-toggle').click();
      return { applied: await until(page, async () => (await status(page)) === 'paused') };
    },
  },
  {
    name: 'step',
    run: async ({ page }) => {
      const s0 = await step(page);
      for (let i = 0; i < 3; i++) await page.getByTestId('step-once').click();
      const applied = await until(page, async () => (await step(page)) === s0 + 3);
      return { applied, detail: `${s0} → ${await step(page)}` };
    },
  },
  {
    name: 'export',
    run: async (c) => {
      const runs = await c.page.locator('[data-testid^="scatter"][data-points]').count();
      const files: string[] = [];
      const onDownload = (d: { path(): Promise<string | null> }) => void d.path().then((p) => p && files.push(p));
      c.page.on('download', onDownload);
      await c.page.getByTestId('export-weights').click();
      const applied = await until(c.page, async () => files.length >= Math.max(1, runs));
      c.page.off('download', onDownload);
      c.exported = files.at(-1) ?? null;
      return { applied, detail: `${files.length} files` };
    },
  },
  {
    name: 'import-good',
    run: async ({ page, exported }) => {
      if (!exported) return { applied: false, detail: 'nothing exported yet' };
      const fileStep = (JSON.parse(readFileSync(exported, 'utf8')) as { training: { step: number } }).training.step;
      await page.getByTestId('import-weights').setInputFiles(exported);
      const applied = await until(page, async () => (await step(page)) === fileStep && (await status(page)) === 'paused');
      return { applied, detail: `step ${fileStep}` };
    },
  },
  {
    name: 'compare-on',
    run: async (c) => {
      const box = c.page.getByTestId('compare-toggle');
      if (!(await box.isChecked())) await box.check();
      c.resetPending = true;
      return { applied: await until(c.page, async () => (await c.page.locator('[data-testid^="scatter"][data-points]').count()) === 2 && (await step(c.page)) === 0) };
    },
  },
  {
    name: 'import-bad',
    run: async ({ page }) => {
      const s0 = await step(page);
      await page.getByTestId('import-weights').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"center-loss-lab/weights","tensors":{}}') });
      const refused = await until(page, async () => /This weights file was not loaded/.test(await text(page, 'error-banner')));
      return { applied: refused && (await step(page)) === s0, detail: 'refused, run kept' };
    },
  },
  { name: 'train', run: async ({ page }) => ({ applied: await ensureRunning(page) }) },
  {
    name: 'reset',
    run: async (c) => {
      await c.page.getByTestId('reset').click();
      c.resetPending = true;
      return { applied: await until(c.page, async () => (await step(c.page)) === 0) };
    },
  },
  { name: 'train', run: async ({ page }) => ({ applied: await ensureRunning(page) }) },
  {
    name: 'reload-resume',
    run: async (c) => {
      const { page } = c;
      if ((await status(page)) === 'running') await page.getByTestId('train-toggle').click();
      await until(page, async () => (await status(page)) === 'paused');
      const paused = await step(page);
      await until(page, async () => (await page.getByTestId('autosave').getAttribute('data-step')) === String(paused));
      await page.reload();
      await page.getByTestId('resume-saved').click({ timeout: WAIT });
      const applied = await until(page, async () => (await step(page)) === paused && (await page.getByTestId('resume-run').count()) === 0);
      return { applied, detail: `step ${paused}` };
    },
  },
];
