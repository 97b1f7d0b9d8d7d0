/** What the page says about a drawn image. */
import { MNIST, type DatasetSpec } from '../../ml/datasetSpec';
import type { OpenSetScore } from '../../ml/opensetScore';

/** "an 8", "an 11", "an Ankle boot", "a Trouser": the article English puts before the name as it is said. */
export function withArticle(name: string): string {
  // Digits by their spoken name: 8, 11, 18 and 80–89 begin with a vowel sound.
  if (/^\d+$/.test(name)) return `${/^(8|11|18|8\d)$/.test(name) || /^8\d\d$/.test(name) ? 'an' : 'a'} ${name}`;
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

/** The verdict in words, in the run's open-set terms (opensetScore.ts): what the page says under the pad. */
export function verdictText(v: { known: boolean; nearest: number; ratio: number }, spec: Pick<DatasetSpec, 'classNames'> = MNIST, score: OpenSetScore = 'distance'): string {
  if (v.known) return `looks like ${withArticle(spec.classNames[v.nearest] ?? String(v.nearest))}`;
  return `unknown: ${v.ratio.toFixed(1)}× the typical ${score === 'angle' ? "angle to the nearest class's ray" : 'distance to the nearest center'}`;
}
