import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, SERVED_HEADERS, withServedHeaders } from './headers';

describe('the served headers', () => {
  it('a cached response gets isolation and the CSP, loses the encoding of a body already decoded, and keeps its body', async () => {
    const cached = new Response('decoded bytes', { status: 200, headers: { 'Content-Type': 'application/gzip', 'Content-Encoding': 'gzip', 'Content-Length': '4', 'Cross-Origin-Embedder-Policy': 'unsafe-none' } });
    const res = withServedHeaders(cached);
    for (const [name, value] of Object.entries(SERVED_HEADERS)) expect(res.headers.get(name)).toBe(value);
    expect(res.headers.get('Content-Encoding')).toBeNull();
    expect(res.headers.get('Content-Length')).toBeNull();
    expect(res.headers.get('Content-Type')).toBe('application/gzip');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('decoded bytes');
  });

  it('the policy allows no eval and no other origin', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|'unsafe-inline'|https?:|\*/);
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", 'blob:']);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
  });
});
