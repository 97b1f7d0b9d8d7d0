/** The hold-out control's choices, from the dataset: none, then every class by its index (what the URL and the setting parse) and name. */
import type { DatasetSpec } from '../../ml/datasetSpec';
import { isDigitSet } from '../store/datasetOf';

export function holdOutChoices(spec: Pick<DatasetSpec, 'classNames'>): { label: string; options: Array<{ text: string; label: string }> } {
  const digits = isDigitSet(spec);
  return {
    label: digits ? 'Hold out digit' : 'Hold out class',
    options: [{ text: 'none', label: 'none' }, ...spec.classNames.map((name, k) => ({ text: String(k), label: digits ? name : `${k}: ${name}` }))],
  };
}
