/** The files today's formats must keep opening, as written by older code (test/fixtures; made by scripts/fixtures/make-v1.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const DIR = join(import.meta.dirname, 'fixtures');

export const fixtureText = (name: string): string => gunzipSync(readFileSync(join(DIR, name))).toString('utf8');

/** An autosave record as IndexedDB hands it back: its session's one ArrayBuffer restored from the file's base64. */
export function autosaveFixture(name: string): { record: unknown; buffer: ArrayBuffer; value: unknown } {
  const json = JSON.parse(fixtureText(name)) as { session: { value: unknown; base64: string } };
  const bytes = Buffer.from(json.session.base64, 'base64');
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return { record: { ...json, session: { value: json.session.value, buffer } }, buffer, value: json.session.value };
}
