/** What each run draws from, outside React: its fast series and its embedding; and the session's markers. */
import type { RunId } from '../workers/protocol';
import { createEmbeddingState, type EmbeddingState } from './store/embedding';
import { createMarkers, createSeries, type MarkerList, type Series } from './store/series';

export interface RunView {
  series: Series;
  embedding: EmbeddingState;
}

export interface Views {
  runs: Map<RunId, RunView>;
  markers: MarkerList;
}

export function createViews(): Views {
  return { runs: new Map(), markers: createMarkers() };
}

/** A run's view, made the first time the run is named. */
export function viewOf(views: Views, id: RunId): RunView {
  let v = views.runs.get(id);
  if (!v) {
    v = { series: createSeries(), embedding: createEmbeddingState() };
    views.runs.set(id, v);
  }
  return v;
}
