/** What a bench reads off the page's scatters: whether Train can be pressed, and each panel's lesson figures. */
import type { Page } from '@playwright/test';
import type { LessonFigures } from '../../src/ml/lessonEta';

/** Waits until Train can be pressed and at least `panels` scatters show step 0. */
export const waitTrainable = (page: Page, panels: number) =>
  page.waitForFunction(
    (n) => {
      const b = document.querySelector<HTMLButtonElement>('[data-testid=train-toggle]');
      return b !== null && !b.disabled && document.querySelectorAll('.scatter[data-step="0"]').length >= n;
    },
    panels,
    { timeout: 180_000 },
  );

export interface PanelFigures extends LessonFigures {
  lambda: number;
  /** A page without data-loss predates the other heads: every run is center loss. */
  loss: string;
  step: number;
}

/** Every scatter's test-digit figures with its λ and loss, and the page's clock when they were read. */
export const readPanels = (page: Page): Promise<{ t: number; panels: PanelFigures[] }> =>
  page.evaluate(() => ({
    t: performance.now(),
    panels: Array.from(document.querySelectorAll<HTMLElement>('.scatter')).map((el) => ({
      lambda: Number(el.dataset.lambda),
      loss: el.dataset.loss ?? 'center',
      testAccuracy: Number(el.dataset.testAcc ?? NaN),
      elongation: Number(el.dataset.elongation ?? NaN),
      withinBetween: Number(el.dataset.withinBetween ?? NaN),
      step: Number(el.dataset.metricsStep ?? NaN),
    })),
  }));
