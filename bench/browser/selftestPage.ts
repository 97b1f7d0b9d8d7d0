/** The self-test page (selftest.html) driven from Node: one query, its JSON reply. */
import type { Page } from '@playwright/test';
import type { SelfTestReply } from '../../src/workers/selftestProtocol';

export async function runSelfTestPage(page: Page, base: string, query: string, timeoutMs: number): Promise<SelfTestReply> {
  await page.goto(`${base}selftest.html?${query}`);
  await page.waitForFunction(() => /^(pass|fail|error)$/.test(document.querySelector('[data-testid="selftest-result"]')?.getAttribute('data-state') ?? ''), null, {
    timeout: timeoutMs,
    polling: 500,
  });
  return JSON.parse((await page.getByTestId('selftest-json').textContent()) ?? '') as SelfTestReply;
}
