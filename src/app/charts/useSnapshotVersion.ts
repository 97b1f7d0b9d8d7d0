/** Re-renders a component when a new embedding snapshot arrives (embeddings live outside React). */
import { useEffect, useState } from 'react';
import type { EmbeddingState } from '../store/embedding';
import { addPainter } from './frames';

export function useSnapshotVersion(states: EmbeddingState[]): number {
  const [version, setVersion] = useState(0);
  useEffect(
    () =>
      addPainter(() => {
        const v = states.reduce((s, e) => s + e.version, 0);
        setVersion((old) => (old === v ? old : v));
        return false;
      }),
    [states],
  );
  return version;
}
