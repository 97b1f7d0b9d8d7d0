/**
 * A plain static host, as a lecturer's web space is: files from a folder, no COOP/COEP, no CSP, .gz served as bytes.
 * `hostDist` copies dist/ under a sub-path of a fresh folder (/courses/ml/lab/), with a page of its own at the root.
 */
import { cpSync, createReadStream, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';

export const SUB_PATH = '/courses/ml/lab/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.md': 'text/plain; charset=utf-8',
};

/** A folder holding the course site: its own index page, and the lab's dist/ copied under SUB_PATH. */
export function hostDist(dist = 'dist'): string {
  const root = mkdtempSync(join(tmpdir(), 'course-site-'));
  const lab = join(root, SUB_PATH);
  mkdirSync(lab, { recursive: true });
  cpSync(dist, lab, { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Course</title><p>Another page of the same server.</p>');
  return root;
}

export interface StaticHost {
  url: string;
  close(): Promise<void>;
}

export function serveStatic(root: string, port: number): Promise<StaticHost> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    try {
      if (statSync(file).isDirectory()) {
        // As Apache and nginx do: a folder without its slash is redirected, with one it serves its index.html.
        if (!path.endsWith('/')) return void res.writeHead(301, { Location: `${path}/` }).end();
        file = join(file, 'index.html');
      }
      const size = statSync(file).size;
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': size });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}
