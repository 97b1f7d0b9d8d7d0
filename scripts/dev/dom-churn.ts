/**
 * What the page changes in its DOM while training: mutations over 10 s, by the nearest test id (text, children, attributes).
 *   BENCH_DIST=dist npx tsx scripts/dev/dom-churn.ts '#compare=1&quick=1'
 */
import { chromium } from 'playwright';
import { chromiumPath, flagsFor } from '../../e2e/chromium';
import { serveDist } from '../../bench/browser/server';
const served = await serveDist();
const browser = await chromium.launch({ executablePath: chromiumPath(), args: flagsFor('plain') });
const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
const page = await ctx.newPage();
await page.goto(served.base + (process.argv[2] ?? '#compare=1'));
await page.waitForSelector('[data-testid="scatter"]:not([data-points="0"])', { timeout: 180_000 });
if ((await page.getByTestId('run-status').textContent()) !== 'running') await page.getByTestId('train-toggle').click();
await new Promise((r) => setTimeout(r, 5000));
await page.evaluate(`(() => { const c = {}; window.__mut = c; new MutationObserver((ms) => { for (const m of ms) { let e = m.target.nodeType === 1 ? m.target : m.target.parentElement; const tag = m.type === 'attributes' ? 'attr:' + m.attributeName : m.type; let id = ''; while (e && !id) { id = e.getAttribute('data-testid') || (e.id ? '#' + e.id : '') || (e.tagName === 'SECTION' || e.tagName === 'FIGURE' ? e.tagName + '.' + e.className : ''); e = e.parentElement; } const k = id + ' ' + tag; c[k] = (c[k] || 0) + 1; } }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true }); })()`);
await new Promise((r) => setTimeout(r, 10000));
const r = await page.evaluate(`window.__mut`);
console.log(Object.entries(r as Record<string, number>).sort((a, b) => b[1] - a[1]).slice(0, 60).map(([k, v]) => `${v}\t${k}`).join('\n'));
await browser.close(); await served.close();
