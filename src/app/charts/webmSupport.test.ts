/** The WebM capability: never asked at start-up, and a question that took the page down is not asked again. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { probeWebm, WEBM_ASKING_KEY, webmSupportAtStart } from './replayExport';

const storage = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
};

describe('the WebM capability', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says "no WebCodecs" without asking anything where VideoEncoder is missing', async () => {
    expect(webmSupportAtStart(storage())).toBe('no-webcodecs');
    expect(await probeWebm(storage())).toBe('no-webcodecs');
  });

  it('at start-up only looks: the encoder is asked on the first export, and its answer is kept', async () => {
    const isConfigSupported = vi.fn(async () => ({ supported: true }));
    vi.stubGlobal('VideoEncoder', { isConfigSupported });
    const s = storage();
    expect(webmSupportAtStart(s)).toBe('unknown');
    expect(isConfigSupported).not.toHaveBeenCalled();
    expect(await probeWebm(s)).toBe('yes');
    expect(isConfigSupported).toHaveBeenCalledTimes(1);
    expect(s.getItem(WEBM_ASKING_KEY)).toBeNull();
  });

  it('a question that never came back (the page crashed) leaves its mark, and the next load does not ask again', async () => {
    vi.stubGlobal('VideoEncoder', { isConfigSupported: () => new Promise(() => undefined) });
    const s = storage();
    void probeWebm(s);
    expect(s.getItem(WEBM_ASKING_KEY)).not.toBeNull();
    expect(webmSupportAtStart(s)).toBe('crashed');
  });

  it('an encoder without VP8 says so', async () => {
    vi.stubGlobal('VideoEncoder', { isConfigSupported: async () => ({ supported: false }) });
    expect(await probeWebm(storage())).toBe('no-vp8');
  });
});
