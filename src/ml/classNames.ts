/** Class names a user typed: one per class, trimmed, non-empty, short enough for a legend. */
import type { Validated } from './config';

export const MAX_CLASS_NAME = 40;

export function checkClassNames(names: unknown, numClasses: number): Validated<string[]> {
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) return { ok: false, error: 'class names must be a list of words' };
  if (names.length !== numClasses) return { ok: false, error: `${names.length} class names for ${numClasses} classes: give one name per class` };
  const trimmed = (names as string[]).map((n) => n.trim());
  const empty = trimmed.findIndex((n) => n === '');
  if (empty >= 0) return { ok: false, error: `class ${empty} has no name` };
  const long = trimmed.findIndex((n) => n.length > MAX_CLASS_NAME);
  if (long >= 0) return { ok: false, error: `the name of class ${long} is longer than ${MAX_CLASS_NAME} characters` };
  return { ok: true, value: trimmed };
}
