/** The page's and the training worker's V8 heaps over CDP: the worker is reached through the page's auto-attached targets. */
import type { BrowserContext, CDPSession, Page } from '@playwright/test';

export interface HeapReader {
  /** MB used by the page's and the worker's JS heaps; null when the worker is between lives (a reload, a restart). */
  read(): Promise<{ page: number; worker: number | null }>;
}

interface Attached {
  sessionId: string;
  targetInfo: { type: string };
}

const MB = 2 ** 20;

export async function heapReader(ctx: BrowserContext, page: Page): Promise<HeapReader> {
  const cdp: CDPSession = await ctx.newCDPSession(page);
  const workers = new Set<string>();
  const pending = new Map<number, (usedSize: number | null) => void>();
  let next = 1;
  cdp.on('Target.attachedToTarget', (e: Attached) => {
    if (e.targetInfo.type === 'worker') workers.add(e.sessionId);
  });
  cdp.on('Target.detachedFromTarget', (e: { sessionId: string }) => workers.delete(e.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
    const m = JSON.parse(e.message) as { id: number; result?: { usedSize: number } };
    pending.get(m.id)?.(m.result?.usedSize ?? null);
    pending.delete(m.id);
  });
  // Not flattened: Playwright's CDP session sends to the page only, so worker messages go through Target.sendMessageToTarget.
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const workerHeap = async (): Promise<number | null> => {
    const sessionId = [...workers].at(-1);
    if (!sessionId) return null;
    const id = next++;
    const answer = new Promise<number | null>((resolve) => {
      pending.set(id, resolve);
      setTimeout(() => resolve(null), 5000);
    });
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => undefined);
    return answer;
  };
  return {
    read: async () => {
      const [p, w] = await Promise.all([cdp.send('Runtime.getHeapUsage'), workerHeap()]);
      return { page: p.usedSize / MB, worker: w === null ? null : w / MB };
    },
  };
}
