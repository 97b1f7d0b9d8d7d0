/** One small interface over the two ways we drive a browser here: puppeteer-core over WebDriver BiDi (Firefox) and plain WebDriver (WebKitGTK). */
export type EngineName = 'firefox' | 'webkit';

export interface Driver {
  engine: EngineName;
  /** "Firefox 153.0esr", "WebKitGTK 2.50.1": what the suite names in its output. */
  version: string;
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /** Runs `body` as an async function body in the page; its return value comes back through JSON. */
  run<T>(body: string): Promise<T>;
  screenshot(path: string): Promise<void>;
  /** A pen stroke with the mouse over the element with this data-testid, through points in fractions of its box. */
  stroke(testId: string, points: ReadonlyArray<readonly [number, number]>): Promise<void>;
  close(): Promise<void>;
}

/** Wraps a body so that it always resolves with a JSON string, errors included (WebDriver cannot return undefined fields). */
export const wrapped = (body: string): string =>
  `(async () => { ${body} })().then((v) => JSON.stringify({ ok: true, v: v === undefined ? null : v }), (e) => JSON.stringify({ ok: false, e: String(e && e.stack || e) }))`;

export function unwrap<T>(json: unknown): T {
  const r = JSON.parse(String(json)) as { ok: boolean; v?: T; e?: string };
  if (!r.ok) throw new Error(`in the page: ${r.e}`);
  return r.v as T;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value other than null/false; fails with what it last saw after `ms`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | null | false>, ms = 120_000, last: () => Promise<string> = async () => ''): Promise<T> {
  const end = Date.now() + ms;
  let err: unknown = null;
  for (;;) {
    try {
      const v = await probe();
      if (v !== null && v !== false) return v;
    } catch (e) {
      err = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}${err ? ` (${String(err)})` : ''}; ${await last().catch(() => '')}`);
    await sleep(400);
  }
}
