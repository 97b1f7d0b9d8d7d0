/** What the page says about a drawn digit. */
import type { Verdict } from '../../ml/openset';

/** The verdict in words: what the page says under the pad. */
export function verdictText(v: Verdict): string {
  return v.known ? `looks like ${v.nearest === 8 ? 'an' : 'a'} ${v.nearest}` : `unknown: ${v.ratio.toFixed(1)}× the typical distance to the nearest center`;
}
