/** What the dataset panel says about dropped files. */

/** Training images and labels, test images and labels. */
export const NEEDED_FILES = 4;

/** The worker's fault message, put beside the file it names (each line of it that names one); the rest is said once. */
export function faultsByFile(files: readonly string[], message: string): { perFile: Map<string, string>; general: string | null } {
  const perFile = new Map<string, string>();
  const rest: string[] = [];
  for (const line of message.split('\n').map((l) => l.trim()).filter(Boolean)) {
    // The longest name first: "a.gz" must not claim a line about "a.gz.1".
    const name = [...files].sort((a, b) => b.length - a.length).find((f) => line.includes(f));
    if (name) perFile.set(name, perFile.has(name) ? `${perFile.get(name)!} ${line}` : line);
    else rest.push(line);
  }
  return { perFile, general: rest.length ? rest.join(' ') : null };
}

/** Checks the names typed for the classes, one a line: as many as there are classes, none empty, no two alike. */
export function parseClassNames(text: string, count: number): { ok: true; names: string[] } | { ok: false; error: string } {
  const names = text.split('\n').map((l) => l.trim());
  while (names.length > count && names[names.length - 1] === '') names.pop();
  if (names.length !== count) return { ok: false, error: `Give one name a line for each of the ${count} classes (${names.length} given).` };
  const empty = names.findIndex((n) => n === '');
  if (empty >= 0) return { ok: false, error: `Class ${empty} has no name.` };
  const seen = new Map<string, number>();
  for (const [k, n] of names.entries()) {
    if (seen.has(n)) return { ok: false, error: `Classes ${seen.get(n)!} and ${k} are both called "${n}".` };
    seen.set(n, k);
  }
  return { ok: true, names };
}
