/** Loss and accuracy curves: canvas, redrawn from the ring buffers at most once per animation frame. */
import * as d3 from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AppStore } from '../store/appStore';
import { useApp } from '../store/appStore';
import type { RunId } from '../../workers/protocol';
import { mainRun } from '../store/appStore';
import { LOSSES, type LossKind } from '../../ml/losses/registry';
import { describeRuns } from '../runs';
import type { Series } from '../store/series';
import { viewOf, type Views } from '../views';
import { drawAxes } from './axesDraw';
import { addPainter, requestFrame } from './frames';
import { drawLines, type LineSeries, type PlotSize } from './lineDraw';

const MARGIN = { top: 8, right: 10, bottom: 20, left: 46 };
/** New reports are drawn at most once a second: curves over hundreds of steps move too little for more, and each redraw is a raster on the training's cores. */
export const CURVES_PACE_MS = 1000;

/** Redraws when `version()` changes or the size does, in the next frame the page draws (./frames.ts). */
function useCanvasLoop(draw: (ctx: CanvasRenderingContext2D, size: PlotSize) => void, version: () => number, deps: unknown[]) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current!;
    const ctx = el.getContext('2d')!;
    let size: PlotSize = { width: 400, height: 200, dpr: 1, margin: MARGIN };
    let dirty = true;
    const ro = new ResizeObserver(() => {
      const r = el.parentElement!.getBoundingClientRect();
      size = { width: Math.max(150, r.width), height: Math.max(120, r.height), dpr: window.devicePixelRatio || 1, margin: MARGIN };
      el.width = Math.round(size.width * size.dpr);
      el.height = Math.round(size.height * size.dpr);
      el.style.width = `${size.width}px`;
      el.style.height = `${size.height}px`;
      dirty = true;
      requestFrame();
    });
    ro.observe(el.parentElement!);
    let lastVersion = -1;
    const removePainter = addPainter((_now, data) => {
      const v = version();
      if (!dirty && v === lastVersion) return false;
      // New reports wait for the data frame (./frames.ts); a resize or a new setting draws at once.
      if (!dirty && !data && lastVersion >= 0) return false;
      dirty = false;
      lastVersion = v;
      draw(ctx, size);
      return false;
    }, CURVES_PACE_MS);
    return () => {
      removePainter();
      ro.disconnect();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return canvas;
}

function xScale(steps: number[], size: PlotSize) {
  const max = Math.max(1, steps[steps.length - 1] ?? 1);
  return d3.scaleLinear().domain([0, max]).range([size.margin.left, size.width - size.margin.right]);
}

interface ChartProps {
  views: Views;
  store: AppStore;
}

/** Colours of the runs other than the main one, overlaid dashed: distinct from the main run's lines. */
const OTHER_RUN_COLORS = ['#56B4E9', '#E69F00', '#009E73', '#CC79A7', '#F0E442'] as const;

interface ChartRun {
  id: RunId;
  /** What sets the run apart from the others shown (describeRuns' column): "ArcFace", "Center loss λ = 1", "λ = 0.1". */
  name: string;
  /** Its loss reports L_C beside the cross-entropy L_S (a head with centers). */
  centers: boolean;
  /** Its loss's name in the key, where the cross-entropy is the whole loss: "Softmax", "ArcFace". */
  label: string;
  series: Series;
}

interface ChartRuns {
  main: ChartRun;
  others: Array<ChartRun & { color: string }>;
}

/** The main run (its every line) and the others (one or two lines each), with their series. */
function useChartRuns(views: Views, store: AppStore): ChartRuns {
  // The runs' identities as one string, not their figures: a new report must not rebuild the chart.
  const key = useApp(store, (s) => JSON.stringify([mainRun(s).id, describeRuns(s.runs).map((d) => [d.id, d.column, d.loss])]));
  return useMemo(() => {
    const [mainId, list] = JSON.parse(key) as [RunId, [RunId, string, LossKind][]];
    const runs = list.map(([id, name, loss]) => ({ id, name, centers: LOSSES[loss].parts.includes('centerLoss'), label: LOSSES[loss].label, series: viewOf(views, id).series }));
    return {
      main: runs.find((r) => r.id === mainId)!,
      others: runs.filter((r) => r.id !== mainId).map((r, k) => ({ ...r, color: OTHER_RUN_COLORS[k % OTHER_RUN_COLORS.length]! })),
    };
  }, [key, views]);
}

const versions = (r: ChartRuns, pick: (s: Series) => number) => [r.main, ...r.others].reduce((v, x, k) => v + pick(x.series) * (k + 1) * 1e3, 0);

export function LossChart({ views, store }: ChartProps) {
  const [log, setLog] = useState(true);
  const runs = useChartRuns(views, store);
  const markerList = views.markers;
  const canvas = useCanvasLoop(
    (ctx, size) => {
      const c = runs.main.series.loss.cols;
      const steps = c.step.toArray();
      // λ·L_C and the total only beside a loss with centers: elsewhere the cross-entropy is the whole loss.
      const lines: LineSeries[] = runs.main.centers
        ? [
            { label: 'softmax L_S', color: '#0072B2', xs: steps, ys: c.ce.toArray() },
            { label: 'λ·L_C', color: '#D55E00', xs: steps, ys: c.weightedCenter.toArray() },
            { label: 'total', color: '#222', xs: steps, ys: c.total.toArray(), dash: [5, 3] },
          ]
        : [{ label: `${runs.main.label} loss`, color: '#0072B2', xs: steps, ys: c.total.toArray() }];
      // An overlaid run: its L_S beside a loss with centers, else its whole loss.
      for (const o of runs.others) {
        const cols = o.series.loss.cols;
        lines.push({ label: `${o.name}: ${o.centers ? 'L_S' : 'loss'}`, color: o.color, xs: cols.step.toArray(), ys: (o.centers ? cols.ce : cols.total).toArray(), dash: [2, 2] });
      }
      const all = lines.flatMap((l) => Array.from(l.ys)).filter((v) => Number.isFinite(v) && (!log || v > 0));
      const lo = all.length ? Math.min(...all) : 0.01;
      const hi = all.length ? Math.max(...all) : 1;
      const yRange = [size.height - size.margin.bottom, size.margin.top];
      const y = log ? d3.scaleLog().domain([Math.max(1e-4, lo), Math.max(hi, lo * 10)]).range(yRange).nice() : d3.scaleLinear().domain([0, hi || 1]).range(yRange).nice();
      const x = xScale(steps, size);
      const markers = markerList.items.map((m) => ({ x: m.step, label: m.label }));
      const fig = ctx.canvas.closest('figure');
      // A hook for tests and tools: the markers drawn, by label.
      fig?.setAttribute('data-markers', JSON.stringify(markers.map((m) => m.label)));
      const labels = drawLines(ctx, lines, markers, { x, y }, size);
      // Where each label went (CSS px in the canvas) and the plot's edges, for the tests that check none is cut or covered.
      fig?.setAttribute('data-marker-boxes', JSON.stringify(labels.placed.map((p) => [p.x0, p.y0, p.x1, p.y1].map((v) => Math.round(v * 10) / 10))));
      fig?.setAttribute('data-plot-x', `${size.margin.left},${size.width - size.margin.right}`);
      const extra = fig?.querySelector<HTMLElement>('.marker-overflow');
      if (extra) {
        extra.hidden = labels.overflow.length === 0;
        extra.textContent = labels.overflow.length ? `Also changed (no room on the chart): ${labels.overflow.join(', ')}` : '';
      }
      drawAxes(ctx, x, y, size, log ? '~g' : '.2~f');
    },
    () => versions(runs, (s) => s.loss.version) + markerList.version * 1e9,
    [runs, markerList, log],
  );
  const multi = runs.others.length > 0;
  return (
    <figure className="chart" data-testid="loss-chart">
      <div className="chart-head">
        <h3>Loss{multi ? ` (${runs.main.name})` : ''}</h3>
        <span className="key" data-testid="loss-key">
          {runs.main.centers ? (
            <>
              <i style={{ background: '#0072B2' }} /> softmax L<sub>S</sub> <i style={{ background: '#D55E00' }} /> λ·L<sub>C</sub> <i style={{ background: '#222' }} /> total
            </>
          ) : (
            <>
              <i style={{ background: '#0072B2' }} /> {runs.main.label} loss
            </>
          )}
          {runs.others.map((o) => (
            <span key={o.id}>
              {' '}
              <i style={{ background: o.color }} /> {o.name}: {o.centers ? <>L<sub>S</sub></> : 'loss'}
            </span>
          ))}
        </span>
        <label className="check">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} /> Log scale
        </label>
      </div>
      <div className="plot">
        <canvas ref={canvas} role="img" aria-label="Loss curves over training steps; dashed vertical lines mark hyper-parameter changes" />
      </div>
      <p className="marker-overflow" data-testid="marker-overflow" hidden />
    </figure>
  );
}

export function AccuracyChart({ views, store }: ChartProps) {
  const runs = useChartRuns(views, store);
  const markerList = views.markers;
  const canvas = useCanvasLoop(
    (ctx, size) => {
      const l = runs.main.series.loss.cols;
      const e = runs.main.series.evals.cols;
      const lines: LineSeries[] = [
        { label: 'train', color: '#999', xs: l.step.toArray(), ys: l.trainAcc.toArray() },
        { label: 'test', color: '#009E73', xs: e.step.toArray(), ys: e.testAcc.toArray() },
        { label: 'nearest center', color: '#CC79A7', xs: e.step.toArray(), ys: e.nearestAcc.toArray(), dash: [5, 3] },
      ];
      for (const o of runs.others) {
        const t = o.series.evals.cols;
        lines.push({ label: `${o.name} test`, color: o.color, xs: t.step.toArray(), ys: t.testAcc.toArray(), dash: [2, 2] });
        lines.push({ label: `${o.name} nearest center`, color: o.color, xs: t.step.toArray(), ys: t.nearestAcc.toArray(), dash: [1, 4] });
      }
      const steps = [...l.step.toArray(), ...e.step.toArray()].sort((a, b) => a - b);
      const x = xScale(steps, size);
      const y = d3.scaleLinear().domain([0, 1]).range([size.height - size.margin.bottom, size.margin.top]);
      drawLines(ctx, lines, markerList.items.map((m) => ({ x: m.step, label: '' })), { x, y }, size);
      drawAxes(ctx, x, y, size, '.0%');
    },
    () => versions(runs, (s) => s.loss.version + s.evals.version * 7) + markerList.version * 1e9,
    [runs, markerList],
  );
  const multi = runs.others.length > 0;
  return (
    <figure className="chart" data-testid="accuracy-chart">
      <div className="chart-head">
        <h3>Accuracy</h3>
        <span className="key" data-testid="accuracy-key">
          <i style={{ background: '#999' }} /> train <i style={{ background: '#009E73' }} /> test <i style={{ background: '#CC79A7' }} /> nearest center{multi ? ` (${runs.main.name})` : ''}
          {runs.others.map((o) => (
            <span key={o.id}>
              {' '}
              <i style={{ background: o.color }} /> {o.name}: test (dashed), nearest center (dotted)
            </span>
          ))}
        </span>
      </div>
      <div className="plot">
        <canvas ref={canvas} role="img" aria-label="Train, test and nearest-center accuracy over training steps" />
      </div>
    </figure>
  );
}
