/** The response headers the app is served with: by vite preview (vite.config.ts) and by the service worker (sw.ts). No DOM. */

/** Cross-origin isolation (COOP + COEP) makes SharedArrayBuffer, and so wasm threads, available. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/** Every source the app needs, and no other: README → Content-Security-Policy says why each is there. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** What the production app is served with: isolation and the policy. The dev server sends isolation only (its HMR needs inline scripts). */
export const SERVED_HEADERS = { ...ISOLATION_HEADERS, 'Content-Security-Policy': CONTENT_SECURITY_POLICY } as const;

/** A response with the served headers set again: a cached response carries whatever the server sent when it was fetched. */
export function withServedHeaders(res: Response): Response {
  const headers = new Headers(res.headers);
  for (const [name, value] of Object.entries(SERVED_HEADERS)) headers.set(name, value);
  // The cache holds the body as the browser decoded it: a gzip encoding or the compressed length would misdescribe it.
  headers.delete('Content-Encoding');
  headers.delete('Content-Length');
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}
