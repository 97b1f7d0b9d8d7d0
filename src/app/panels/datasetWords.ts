/** What the dataset panel says about dropped files. */
import { checkClassNames } from '../../ml/classNames';

/** Training images and labels, test images and labels. */
export const NEEDED_FILES = 4;

/** Whether a line names the file as a word of its own ("x.gz: …", "… but x.gz has …"), not inside another word. */
const namedIn = (line: string, name: string): boolean => new RegExp(`(^|\\s)${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:|,|\\s|$)`).test(line);

/** The worker's fault message, put beside the file it names (each line of it that names one); the rest is said once. */
export function faultsByFile(files: readonly string[], message: string): { perFile: Map<string, string>; general: string | null } {
  const perFile = new Map<string, string>();
  const rest: string[] = [];
  for (const line of message.split('\n').map((l) => l.trim()).filter(Boolean)) {
    // The longest name first: "a.gz" must not claim a line about "a.gz.1".
    const name = [...files].sort((a, b) => b.length - a.length).find((f) => namedIn(line, f));
    // "x.gz: wrong magic number" beside x.gz says only what is wrong.
    const said = name && line.startsWith(`${name}: `) ? line.slice(name.length + 2) : line;
    if (name) perFile.set(name, perFile.has(name) ? `${perFile.get(name)!} ${said}` : said);
    else rest.push(line);
  }
  return { perFile, general: rest.length ? rest.join(' ') : null };
}

/** Checks the names typed for the classes, one a line: the worker's rules (one per class, none empty or too long), and no two alike. */
export function parseClassNames(text: string, count: number): { ok: true; names: string[] } | { ok: false; error: string } {
  const lines = text.split('\n').map((l) => l.trim());
  while (lines.length > count && lines[lines.length - 1] === '') lines.pop();
  if (lines.length !== count) return { ok: false, error: `Give one name a line for each of the ${count} classes (${lines.length} given).` };
  const valid = checkClassNames(lines, count);
  if (!valid.ok) return { ok: false, error: `${valid.error.charAt(0).toUpperCase()}${valid.error.slice(1)}.` };
  const names = valid.value;
  const seen = new Map<string, number>();
  for (const [k, n] of names.entries()) {
    if (seen.has(n)) return { ok: false, error: `Classes ${seen.get(n)!} and ${k} are both called "${n}".` };
    seen.set(n, k);
  }
  return { ok: true, names };
}
