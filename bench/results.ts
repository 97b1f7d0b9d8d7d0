/** Prints a bench report as JSON on stdout and keeps it under bench/results/, named by kind and start time. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function publishReport(kind: 'browser' | 'node', started: Date, report: unknown): string {
  const json = JSON.stringify(report, null, 2);
  console.log(json);
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${kind}-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, json + '\n');
  return file;
}
