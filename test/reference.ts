/** Loads the float64 golden vectors (computed with PyTorch, see test/reference/README.md). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, 'reference');

export function loadReference<T>(file: string): T {
  return JSON.parse(readFileSync(join(DIR, file), 'utf8')) as T;
}

export interface CenterCase {
  name: string;
  inputs: { features: number[][]; labels: number[]; centers: number[][]; lambda: number; alpha: number };
  outputs: Record<string, number | number[] | number[][]>;
}

export const CENTER_CASES = ['center_b8_d2_mixed.json', 'center_b8_d2_all_class4.json', 'center_b16_d3_class0_absent.json'];

/** Max |a − e| / max(|e|, atol-floor) over all elements. */
export function expectClose(actual: ArrayLike<number>, expected: number[], rtol = 1e-5, atol = 1e-6): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      throw new Error(`element ${i}: got ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`);
    }
  }
}
