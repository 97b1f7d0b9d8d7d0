import { classPlural, isDigitSet, itemWord, specOf } from '../store/datasetOf';
import { useEffect, useId, useMemo, useRef } from 'react';
import { degrees } from '../../ml/angles';
import { LOSSES } from '../../ml/losses/registry';
import type { Rejection } from '../../ml/openset';
import { openSetScoreOf, openSetScores, rejectionByScore, typicalScore, type OpenSetScore } from '../../ml/opensetScore';
import { auroc, histogram, rocCurve, type Histogram, type RocPoint } from '../../ml/roc';
import type { Actions } from '../bridge';
import { drawDistanceHistograms, drawRoc } from '../charts/opensetDraw';
import type { Size } from '../charts/scatterDraw';
import { useSnapshotVersion } from '../charts/useSnapshotVersion';
import { describeRuns } from '../runs';
import type { AppStore } from '../store/appStore';
import { useApp } from '../store/appStore';
import type { EmbeddingState } from '../store/embedding';
import { viewOf, type Views } from '../views';

/** The histograms span 0..SCALE_MAX typical distances, the slider's range. */
const SCALE_MAX = 6;
const BINS = 36;

interface Explorer {
  score: OpenSetScore;
  rejection: Rejection;
  known: Histogram;
  unknown: Histogram;
  curve: RocPoint[];
  auroc: number;
}

/** Everything the explorer shows for one run's current snapshot, scored in its loss's terms; the threshold only moves a point along it. */
function explore(e: EmbeddingState, heldOut: number, scale: number, score: OpenSetScore): Explorer | null {
  const { current, evalSet } = e;
  // A snapshot without class weights (none yet) has no rays to measure an angle from.
  if (!current || !evalSet || (score === 'angle' && !current.classWeights)) return null;
  const labels = evalSet.labels;
  const scores = openSetScores(score, current.features, { centers: current.centers, classWeights: current.classWeights ?? new Float32Array(0) }, e.dim, heldOut);
  const typical = typicalScore(scores, labels, heldOut) || 1;
  const ratio = Array.from(scores, (d) => d / typical);
  const isUnknown = Array.from(labels, (y) => y === heldOut);
  const curve = rocCurve(scores, isUnknown);
  return {
    score,
    rejection: rejectionByScore(scores, labels, heldOut, scale, score),
    known: histogram(ratio.filter((_, i) => !isUnknown[i]), SCALE_MAX, BINS),
    unknown: histogram(ratio.filter((_, i) => isUnknown[i]), SCALE_MAX, BINS),
    curve,
    auroc: auroc(curve),
  };
}

const pct = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);

/** What a run's score measures, in a phrase: "distance to the nearest known center". */
export const SCORE_WORDS: Readonly<Record<OpenSetScore, string>> = { distance: 'distance to the nearest known center', angle: "angle to the nearest known class's ray" };

/** The threshold in the score's own unit: a distance in feature units, or an angle around each class's ray. */
const thresholdText = (x: Explorer) => (x.score === 'angle' ? `${degrees(x.rejection.threshold).toFixed(0)}° from every ray` : `${x.rejection.threshold.toPrecision(3)} from every center`);

type Draw = (ctx: CanvasRenderingContext2D, size: Size) => void;

function useCanvas(draw: Draw, width: number, height: number) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const dpr = window.devicePixelRatio || 1;
    el.width = Math.round(width * dpr);
    el.height = Math.round(height * dpr);
    draw(el.getContext('2d')!, { width, height, dpr });
  }, [draw, width, height]);
  return ref;
}

function RunCharts({ x, scale, label, unknown, items }: { x: Explorer; scale: number; label: string; unknown: string; items: string }) {
  const typical = x.score === 'angle' ? 'typical angles' : 'typical distances';
  const hist = useCanvas(useMemo((): Draw => (ctx, size) => drawDistanceHistograms(ctx, x.known, x.unknown, scale, size), [x, scale]), 260, 120);
  const roc = useCanvas(useMemo((): Draw => (ctx, size) => drawRoc(ctx, x.curve, { fpr: x.rejection.knownRejected, tpr: x.rejection.unknownRejected }, size), [x]), 150, 150);
  return (
    <div className="openset-charts">
      <canvas
        ref={hist}
        style={{ width: 260, height: 120 }}
        data-testid="distance-histogram"
        role="img"
        aria-label={`${label}: ${SCORE_WORDS[x.score]}, in ${typical}; known ${items} filled in blue, ${unknown} outlined in black, the threshold dashed at ${scale.toFixed(1)}×`}
      />
      <canvas ref={roc} style={{ width: 150, height: 150 }} data-testid="roc-curve" role="img" aria-label={`${label}: ROC curve, area ${x.auroc.toFixed(3)}`} />
    </div>
  );
}

/** The open-set explorer: reject a digit as unknown when it is far from every known center; the whole distributions and the ROC per run. */
export function OpenSetPanel({ store, views, actions }: { store: AppStore; views: Views; actions: Actions }) {
  const heldOut = useApp(store, (s) => s.config.heldOutClass);
  const spec = useApp(store, (s) => specOf(s));
  const digits = isDigitSet(spec);
  const items = itemWord(spec);
  const item = itemWord(spec, false);
  const runInfo = useApp(store, (s) => s.runs);
  const scale = useApp(store, (s) => s.openSetScale);
  const dim = useApp(store, (s) => s.config.featDim);
  const sliderId = useId();
  const ids = runInfo.map((r) => r.id).join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const embeddings = useMemo(() => runInfo.map((r) => viewOf(views, r.id).embedding), [ids, views]);
  const version = useSnapshotVersion(embeddings);
  const runs = describeRuns(runInfo);
  const rows = useMemo(
    () => (heldOut === null ? [] : runs.map((d) => ({ id: d.id, label: d.column, x: explore(viewOf(views, d.id).embedding, heldOut, scale, openSetScoreOf(LOSSES[d.loss])) }))),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ids, views, heldOut, scale, version],
  );
  if (heldOut === null) return null;
  const unknown = classPlural(spec, heldOut);
  return (
    <section className="panel openset" aria-labelledby="openset-h">
      <h2 id="openset-h">Open set: is it a {digits ? 'digit' : 'class'} the model never saw?</h2>
      <p className="small">
        {digits ? (
          <>
            Digit <b>{heldOut}</b>
          </>
        ) : (
          <b>{spec.classNames[heldOut]}</b>
        )}{' '}
        is kept out of training. A test {item} is rejected as unknown when it lies farther out than the threshold (the dashed line), each run in its loss&apos;s own terms: a loss that
        keeps centers by the distance to the nearest known center (the rings around the centers in the scatter); a loss without centers by the angle to the nearest known class&apos;s ray,
        fc2&apos;s row ({dim === 2 ? 'the scatter shades the directions it rejects' : 'the scatter draws no ring for it: a ring around a center says nothing of an angle'}). The ROC curve
        sweeps every threshold; its area (AUROC) is the chance that an unknown {digits ? heldOut : `${spec.classNames[heldOut]} image`} lies farther out than a known {item}.
      </p>
      <div className="field">
        <label htmlFor={sliderId}>
          Threshold: {scale.toFixed(1)} × the typical score of known {items} (their mean distance to the nearest center, or mean angle to the nearest ray)
        </label>
        <input id={sliderId} type="range" min={0.5} max={SCALE_MAX} step={0.1} value={scale} onChange={(e) => actions.setOpenSetScale(Number(e.target.value))} data-testid="openset-threshold" />
      </div>
      {/* A column per run, as in the metrics table. */}
      <table data-testid="openset-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">Measure</span>
            </th>
            {rows.map(({ id, label }) => (
              <th key={id} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">rejects by</th>
            {rows.map(({ id, x }) => (
              <td key={id} data-testid="openset-score" data-score={x?.score ?? ''}>
                {x ? SCORE_WORDS[x.score] : '–'}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">threshold</th>
            {rows.map(({ id, x }) => (
              <td key={id}>{x ? thresholdText(x) : '–'}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">unknown {unknown} rejected</th>
            {rows.map(({ id, x }) => (
              <td key={id}>{pct(x?.rejection.unknownRejected)}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">known {items} wrongly rejected</th>
            {rows.map(({ id, x }) => (
              <td key={id}>{pct(x?.rejection.knownRejected)}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">AUROC</th>
            {rows.map(({ id, x }) => (
              <td key={id} data-testid="auroc" data-run={id}>
                {x && Number.isFinite(x.auroc) ? x.auroc.toFixed(3) : '–'}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <div className="openset-runs">
        {rows.map(({ id, label, x }) =>
          x ? (
            <figure key={id} className="openset-run" data-run={id} data-score={x.score}>
              <figcaption className="small">
                <b>{label}</b>: {SCORE_WORDS[x.score]} (<span className="key-known">known {items}</span>, <span className="key-unknown">{unknown}</span>) and ROC
              </figcaption>
              <RunCharts x={x} scale={scale} label={label} unknown={unknown} items={items} />
            </figure>
          ) : null,
        )}
      </div>
    </section>
  );
}
