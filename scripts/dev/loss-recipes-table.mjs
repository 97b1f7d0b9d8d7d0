// The markdown tables of scripts/dev/loss-recipes.ts's JSON lines: per run, then per loss × dim the mean over seeds with its range.
//   node scripts/dev/loss-recipes-table.mjs bench/results/loss-recipes-engine.jsonl
import { readFileSync } from 'node:fs';

const rows = readFileSync(process.argv[2] ?? 'bench/results/loss-recipes-engine.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const name = (r) => r.loss + (r.tag ? ` (${r.tag})` : '');
const FIGS = [
  ['acc', (x) => `${(100 * x).toFixed(1)}%`],
  ['meanAngleDeg', (x) => `${x.toFixed(1)}°`],
  ['leastWAngleDeg', (x) => `${x.toFixed(1)}°`],
  ['elongation', (x) => x.toFixed(2)],
  ['withinBetween', (x) => x.toFixed(3)],
  ['aurocCos', (x) => x.toFixed(3)],
  ['aurocDist', (x) => x.toFixed(3)],
];
const head = '| loss | dim | seed | acc. | mean angle | least W angle | elong. | W/B | AUROC cos | AUROC dist |\n|---|---|---|---|---|---|---|---|---|---|';
console.log(head);
for (const r of rows) console.log(`| ${name(r)} | ${r.dim} | ${r.seed} | ${r.diverged ? `diverged at step ${r.diverged}` : FIGS.map(([k, f]) => f(r[k])).join(' | ')} |`);
console.log('\n| loss | dim | seeds | ' + FIGS.map(([k]) => k).join(' | ') + ' |\n|---|---|---|' + FIGS.map(() => '---').join('|') + '|');
const groups = new Map();
for (const r of rows.filter((r) => !r.diverged)) {
  const k = `${r.dim}|${name(r)}`;
  groups.set(k, [...(groups.get(k) ?? []), r]);
}
for (const [k, rs] of [...groups].sort((a, b) => b[0].localeCompare(a[0]))) {
  const [dim, loss] = k.split('|');
  const cell = ([key, f]) => {
    const v = rs.map((r) => r[key]);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    return v.length > 1 ? `${f(mean)} (${f(Math.min(...v))}–${f(Math.max(...v))})` : f(mean);
  };
  console.log(`| ${loss} | ${dim} | ${rs.map((r) => r.seed).join(',')} | ${FIGS.map(cell).join(' | ')} |`);
}
