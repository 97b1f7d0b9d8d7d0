/** The dataset the page shows, as the worker described it; MNIST until it has. */
import { MNIST, type DatasetSpec } from '../../ml/datasetSpec';
import type { AppState } from './appStore';

export const specOf = (s: Pick<AppState, 'dataset'>): DatasetSpec => s.dataset?.spec ?? MNIST;

type Names = Pick<DatasetSpec, 'classNames'>;

/** Digit sets (MNIST, EMNIST digits) name their classes "0" … "9". */
export const isDigitSet = (spec: Names): boolean => spec.classNames.every((n) => /^\d$/.test(n));

/** "digit 3" on a digit set, "Trouser" on Fashion-MNIST: how a sentence names one class. */
export function className(spec: Names, k: number): string {
  const name = spec.classNames[k] ?? `class ${k}`;
  return /^\d$/.test(name) ? `digit ${name}` : name;
}

/** What the set's images are called in a sentence: "digits" on a digit set, else "images". */
export const itemWord = (spec: Names, plural = true): string => (isDigitSet(spec) ? (plural ? 'digits' : 'digit') : plural ? 'images' : 'image');

/** Several images of one class: "9s" on a digit set, "Trouser images" otherwise. */
export function classPlural(spec: Names, k: number): string {
  const name = spec.classNames[k] ?? `class ${k}`;
  return /^\d$/.test(name) ? `${name}s` : `${name} images`;
}
