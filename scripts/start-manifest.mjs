// Writes public/starts/manifest.json for the quick lesson's start: its file, SHA-256, the command that made it, and what it is.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'public', 'starts');
const file = 'softmax-slim.json';
const bytes = readFileSync(join(dir, file));
const weights = JSON.parse(bytes.toString('utf8'));
const acc = weights.metrics ? ` (${(weights.metrics.testAccuracy * 100).toFixed(1)}% test accuracy)` : '';
const manifest = {
  file,
  sha256: createHash('sha256').update(bytes).digest('hex'),
  command: 'npm run make:start',
  about: `the slim LeNet++ trained for one epoch with softmax alone${acc}, its centers at the class means`,
};
writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${join(dir, 'manifest.json')}: ${manifest.sha256}`);
