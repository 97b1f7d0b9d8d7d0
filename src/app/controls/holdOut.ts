/** The hold-out control's label: digits for a set of digits, classes otherwise (its options come from the settings table's run-time context). */
import type { DatasetSpec } from '../../ml/datasetSpec';
import { isDigitSet } from '../store/datasetOf';

export const holdOutLabel = (spec: Pick<DatasetSpec, 'classNames'>): string => (isDigitSet(spec) ? 'Hold out digit' : 'Hold out class');
