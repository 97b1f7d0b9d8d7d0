/** The embedding scatter: D3 scales and zoom; points and axes on canvas, drawn at most once per frame outside React. */
import * as d3 from 'd3';
import { useEffect, useRef, useState } from 'react';
import { inkImage } from './inkImage';
import { rejectedSectors, type OpenSetScore } from '../../ml/opensetScore';
import { typicalOf } from './openSetTypical';
import { clusterRatio } from '../../ml/metrics';
import type { ScatterPoints } from '../store/appStore';
import { TRAIL_LENGTH, type EmbeddingState, type Snapshot } from '../store/embedding';
import { liveSnapshot } from '../store/live';
import { indexAt, trailAt } from '../store/history';
import { drawEdgeAxes } from './axesDraw';
import { addPainter, requestFrame, type Painter } from './frames';
import { tweenFrameMs } from './drawPace';
import { DEFAULT_SCATTER_STYLE, DENSE_POINTS, drawScatter, interpolate, type ScatterStyle } from './scatterDraw';
import { FITTED_ORBIT, sameOrbit, type OrbitLink } from './orbit';
import { attachTurning, type Turning } from './turning';
import { drawAxisKey } from './orbitDraw';
import { viewColumns } from './viewColumns';
import { drawAngularView, unitFrame, type AngularView } from './angularView';
import { unitRows } from '../../ml/angles';
import { centerLayout, pointCover } from './centerLayout';
import { drawInsetFrame, drawScaleBar, insetRect, insetZoom, padDomain, panelStyle, shrunkStyle } from './panelFrame';
import { centersAttr, fillDomain, sameDomain, type Domain } from './spread';
import type { ZoomLink } from './zoomLink';

const TWEEN_MS = 450;


interface Props {
  embedding: EmbeddingState;
  heldOut: number | null;
  /** What each center's disc says (short), and the class names the tooltip uses; their length is the number of classes. */
  discLabels?: readonly string[];
  classNames?: readonly string[];
  label: string;
  isolated: number | null;
  autoFit: boolean;
  zoom: ZoomLink;
  /** How a 3-D view is turned, shared by every panel; unused in 2-D. */
  orbit: OrbitLink;
  /** A 3-D model: the view turns by drag and by keyboard. */
  turnable?: boolean;
  testId: string;
  /** The domain every linked view shares ("same scale"), or null to fit this view's own data. */
  sharedDomain: (() => Domain | null) | null;
  style?: ScatterStyle;
  axisFontPx?: number;
  run?: string;
  lambda?: number;
  /** The open-set threshold in typical scores, drawn as rings around the centers (by distance) or as the rejected directions (by angle, 2-D); null: none. */
  ringScale?: number | null;
  /** What the run's open set is scored by (opensetScore.ts): its loss head's terms. */
  ringScore?: OpenSetScore;
  /** The drawn digit's feature in this run (2 or 3 values). */
  probe?: readonly number[] | null;
  /** Replay the history's snapshot at this step; null: live. */
  replayStep?: number | null;
  /** A click on a test digit ("use a test digit"): its index in the eval set. */
  onPick?: (index: number) => void;
  /** The live training digits, or the test digits; replay always shows test digits. */
  points?: ScatterPoints;
  /** The run's latest test metrics (accuracy, intra/min-inter) and their step, for data- attributes. */
  testAccuracy?: number | null;
  testIntraRatio?: number | null;
  metricsStep?: number | null;
  /** The shape of the same snapshot's test features (src/ml/shape.ts): elongation and within/between variance. */
  testElongation?: number | null;
  testWithinBetween?: number | null;
  /** The loss head's name, beside λ. */
  loss?: string;
  /** Class weights as rays with their margin, and/or the features on the unit circle; null: neither. */
  angular?: AngularView | null;
}

interface Hover {
  x: number;
  y: number;
  index: number;
}



const lerp = (a: number, b: number, t: number) => a + (b - a) * t;
const lerpDomain = (a: Domain, b: Domain, t: number): Domain => [
  [lerp(a[0][0], b[0][0], t), lerp(a[0][1], b[0][1], t)],
  [lerp(a[1][0], b[1][0], t), lerp(a[1][1], b[1][1], t)],
];

const fmtDomain = (d: number[]) => d.map((v) => +v.toPrecision(6)).join(',');


export function ScatterView({
  embedding,
  heldOut,
  discLabels,
  classNames,
  label,
  isolated,
  autoFit,
  zoom: link,
  orbit: orbitLink,
  turnable = false,
  testId,
  sharedDomain,
  style = DEFAULT_SCATTER_STYLE,
  axisFontPx = 12,
  run,
  lambda,
  ringScale = null,
  ringScore = 'distance',
  probe = null,
  replayStep = null,
  onPick,
  points = 'test',
  testAccuracy = null,
  testIntraRatio = null,
  metricsStep = null,
  testElongation = null,
  testWithinBetween = null,
  loss,
  angular = null,
}: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const preview = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const opts = useRef({ isolated, autoFit, heldOut, discLabels, sharedDomain, style, axisFontPx, ringScale, ringScore, probe, replayStep, points, angular });
  /** Whether the points drawn are the test digits (hover and pick work on those only). */
  const showsTest = useRef(true);
  const xyRef = useRef<Float32Array>(new Float32Array(0));
  /** Turning a 3-D view by hand: a press that turned it picks no digit. */
  const turningRef = useRef<Turning | null>(null);
  const scalesRef = useRef<{ x: d3.ScaleLinear<number, number>; y: d3.ScaleLinear<number, number> } | null>(null);

  useEffect(() => {
    const el = canvas.current!;
    const ctx = el.getContext('2d')!;
    const box = wrap.current!;
    let size = { width: 600, height: 500, dpr: window.devicePixelRatio || 1 };
    let transform = link.transform;
    let domain: Domain = [[-1, 1], [-1, 1]];
    /** The snapshot last drawn: a new one (test or live) is what makes a redraw. */
    let lastCur: Snapshot | null = null;
    let dirty = true;
    let tweening = false;
    let lastDrawAt = -Infinity;
    let lastDrawMs = 0;
    let lastReplayAt = -1;
    let tweenFrom = -Infinity;
    let hooked: typeof embedding.current = null;
    let fitFor: Snapshot | null = null;
    let fitFrom: Domain | null = null;
    let orbit = orbitLink.orbit;

    const resize = () => {
      const r = box.getBoundingClientRect();
      size = { width: Math.max(120, r.width), height: Math.max(120, r.height), dpr: window.devicePixelRatio || 1 };
      el.width = Math.round(size.width * size.dpr);
      el.height = Math.round(size.height * size.dpr);
      el.style.width = `${size.width}px`;
      el.style.height = `${size.height}px`;
      dirty = true;
      requestFrame();
    };
    const ro = new ResizeObserver(resize);
    ro.observe(box);
    resize();

    const zoom = d3
      .zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.2, 200])
      .on('zoom', (e: d3.D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        transform = e.transform;
        dirty = true;
        requestFrame();
        // Only gestures are published; following another view's zoom must not echo back.
        if (e.sourceEvent) link.publish(e.transform, el);
      });
    // In 3-D a drag turns the view (below); the wheel still zooms.
    zoom.filter((e: Event) => (embedding.dim !== 3 || e.type === 'wheel') && (!(e as MouseEvent).ctrlKey || e.type === 'wheel') && !(e as MouseEvent).button);
    d3.select(el).call(zoom).on('dblclick.zoom', null);
    const unfollowOrbit = orbitLink.subscribe((o) => {
      orbit = o;
      dirty = true;
      requestFrame();
    });
    const turning = attachTurning(el, orbitLink, () => embedding.dim === 3);
    turningRef.current = turning;
    // Following the link (a reset included) sets this view's zoom state too, so the next gesture starts from it.
    const unsubscribe = link.subscribe((t, source) => {
      if (source !== el) d3.select(el).call(zoom.transform, t);
    });
    const onDblClick = () => link.reset();
    el.addEventListener('dblclick', onDblClick);

    // A painter (./frames.ts): returns true while a tween is under way.
    const frame: Painter = (now, data) => {
      const o = opts.current;
      const replayAt = o.replayStep === null ? -1 : indexAt(embedding.history.snaps, o.replayStep);
      // Live training digits until the first test embedding of a model is older than them; replay shows the test digits kept.
      const live = o.points === 'train' && replayAt < 0 ? liveSnapshot(embedding.live) : null;
      const test = replayAt >= 0 ? embedding.history.snaps[replayAt]! : embedding.current;
      const cur = live && (!test || live.step >= test.step) ? live : test;
      if (!cur || !embedding.evalSet) return false;
      const isLive = cur === live;
      const labels = isLive ? live.labels : embedding.evalSet.labels;
      // A replayed snapshot is shown as it was, without the tween into it; live points are new digits each time, drawn as they come.
      const previous = replayAt >= 0 || isLive ? null : embedding.previous;
      const previousCenters = previous?.centers ?? null;
      // A tween starts when its snapshot is first drawn, which may be a data frame after it arrived.
      const t = replayAt >= 0 || isLive ? 1 : Math.min(1, (now - (cur === lastCur ? tweenFrom : now)) / TWEEN_MS);
      // A shared domain moves when another view's snapshot arrives: that is a change here too.
      const fitted = o.autoFit ? (o.sharedDomain?.() ?? null) : null;
      const moved = dirty || (fitted !== null && !sameDomain(fitted, domain));
      const fresh = cur !== lastCur;
      if (!fresh && !moved && !tweening) return false;
      if (!fresh && !moved && t < 1 && now - lastDrawAt < tweenFrameMs(lastDrawMs)) return true;
      // Streamed snapshots wait for the data frame (./frames.ts), drawn with every other view's; a gesture, a resize or a replay step does not.
      if (fresh && !moved && !data && lastCur !== null && replayAt < 0 && lastReplayAt < 0) return false;
      lastReplayAt = replayAt;
      if (fresh) tweenFrom = now;
      lastCur = cur;
      dirty = false;
      tweening = t < 1;
      lastDrawAt = now;
      const dim = embedding.dim;
      const features = interpolate(previous?.features ?? null, cur.features, t, dim === 3 ? undefined : xyRef.current);
      const centers = previousCenters && previousCenters.length === cur.centers.length ? interpolate(previousCenters, cur.centers, t) : cur.centers;
      const trail = replayAt >= 0 ? trailAt(embedding.history.snaps, replayAt, TRAIL_LENGTH) : isLive ? embedding.live.trail : embedding.trail;
      const probeRaw = o.probe && replayAt < 0 && o.probe.length === dim ? o.probe : null;
      // On the unit circle (sphere) only directions remain: features, centers, trails and the drawn digit alike.
      const unit = o.angular?.unit === true;
      // The drawn arrays may be reused buffers: normalised afresh each frame; the snapshot's own, once (unitOf).
      const u = (a: Float32Array) => (unit ? unitRows(a, dim) : a);
      const fitTo = unit ? unitFrame(dim) : cur;
      const probeShown = probeRaw && unit ? Array.from(unitRows(probeRaw, dim)) : probeRaw;
      const view3 = viewColumns({ dim, fitTo, features: u(features), centers: u(centers), labels, trail: unit ? trail.map(u) : trail, isolated: o.isolated, heldOut: o.heldOut, probe: probeShown, orbit, ...(o.discLabels ? { discLabels: o.discLabels } : {}) }, dim === 3 ? xyRef.current : undefined);
      const { cols, own } = view3;
      const xy = cols.xy;
      xyRef.current = xy;
      if (o.autoFit) {
        const target = fitted ?? own;
        // The axes glide to a new snapshot's extent with its points, rather than jump.
        if (fitFor !== cur) {
          fitFrom = fitFor ? domain : null;
          fitFor = cur;
        }
        domain = t < 1 && fitFrom ? lerpDomain(fitFrom, target, t) : target;
      }
      // A turned view has no axes to label, only the orientation key inside the plot.
      const margin = dim === 3 ? { left: 8, bottom: 8, top: 8, right: 8 } : { left: Math.round(o.axisFontPx * 3.6), bottom: Math.round(o.axisFontPx * 2.4), top: 8, right: 8 };
      const w = size.width - margin.left - margin.right;
      const h = size.height - margin.top - margin.bottom;
      // At a shared scale a run far smaller than the others gets an inset fitted to itself, and plain dots for centers in the main plot.
      const magnify = fitted !== null ? insetZoom(own, fitted) : null;
      const full = panelStyle(o.style, w, h);
      const st = magnify === null ? full : shrunkStyle(full, magnify);
      // Room at every edge for the outermost center's disc (the full-size disc's, so that shared domains stay equal).
      const [fx, fy] = padDomain(fillDomain(domain, w, h), w, h, full.centerRadius + 2);
      const x = transform.rescaleX(d3.scaleLinear().domain(fx).range([margin.left, margin.left + w]));
      const y = transform.rescaleY(d3.scaleLinear().domain(fy).range([margin.top + h, margin.top]));
      scalesRef.current = { x, y };
      // Centers at step 0 were never trained (a fresh model, or a resume offer not yet answered): no threshold around them.
      const byAngle = o.ringScore === 'angle';
      const ring = o.ringScale === null || cur.step === 0 || byAngle ? undefined : o.ringScale * typicalOf('distance', cur, labels, o.heldOut, dim);
      // By angle the threshold is a cone around each known ray, measured on the test snapshot: shaded where it rejects in 2-D, said in words in 3-D.
      const weightsNow = byAngle && o.ringScale !== null && test && test.step > 0 ? test.classWeights : undefined;
      const rejectAngle = weightsNow && test ? Math.min(Math.PI, o.ringScale! * typicalOf('angle', test, embedding.evalSet.labels, o.heldOut, dim)) : undefined;
      const rejected = weightsNow && rejectAngle !== undefined && dim === 2 ? rejectedSectors(weightsNow, o.heldOut, rejectAngle) : undefined;
      // In 3-D the threshold is a sphere: seen from any side, a circle of the same radius around the center.
      const ringRadius = ring === undefined ? undefined : Math.abs(x(ring) - x(0));
      const probePoint = view3.probe;
      const t0 = performance.now();
      const view = { left: margin.left, top: margin.top, width: w, height: h };
      const marks = centerLayout(cols, cols.centers!, { x, y }, view, st);
      const drawn = drawScatter(ctx, cols, { x, y }, size, { plot: view, style: st, marks, ...(ringRadius !== undefined ? { ringRadius } : {}), ...(rejected ? { rejected } : {}), ...(probePoint ? { probe: probePoint } : {}) });
      // The class weights of the latest test snapshot (live training digits carry none).
      const weights = (replayAt >= 0 ? cur.classWeights : embedding.current?.classWeights) ?? null;
      box.dataset.rays = o.angular ? String(drawAngularView(ctx, o.angular, { weights, dim, fitTo, heldOut: o.heldOut, isolated: o.isolated, orbit }, { x, y }, view, o.axisFontPx >= 16 ? 3 : 2)) : '0';
      box.dataset.unit = unit ? 'on' : 'off';
      if (o.angular?.margin != null && o.angular.rays) box.dataset.margin = o.angular.margin.toFixed(4);
      else delete box.dataset.margin;
      const cover = pointCover(cols, { x, y }, view, marks);
      // Center discs the plot's edge cuts (zoomed out of the fitted view they may be; fitted, none should be).
      box.dataset.marksCut = String(marks.filter(({ badge: b }) => b.x - b.r < view.left || b.y - b.r < view.top || b.x + b.r > view.left + w || b.y + b.r > view.top + h).length);
      box.dataset.plotSize = `${Math.round(w)},${Math.round(h)}`;
      box.dataset.pointsExtent = cover.extent.map(Math.round).join(',');
      box.dataset.hiddenShare = cover.hidden.toFixed(3);
      box.dataset.centerPx = String(st.centerRadius);
      box.dataset.labelPx = String(st.labelPx);
      box.dataset.axisPx = String(o.axisFontPx);
      if (magnify !== null) {
        const r = insetRect(view);
        const ist = { ...panelStyle(o.style, r.width, r.height), pointRadius: Math.max(1.6, st.pointRadius * 0.8) };
        const [ix, iy] = padDomain(fillDomain(own, r.width, r.height), r.width, r.height, ist.centerRadius + 2);
        const sx = d3.scaleLinear().domain(ix).range([r.left, r.left + r.width]);
        const sy = d3.scaleLinear().domain(iy).range([r.top + r.height, r.top]);
        drawScatter(ctx, { ...cols, trail: [] }, { x: sx, y: sy }, size, { plot: r, style: ist, overlay: true });
        drawInsetFrame(ctx, r, magnify, Math.max(11, Math.round(o.axisFontPx * 0.9)));
        const ic = pointCover(cols, { x: sx, y: sy }, r, centerLayout(cols, cols.centers!, { x: sx, y: sy }, r, ist));
        box.dataset.inset = magnify.toFixed(1);
        box.dataset.insetSize = `${r.width},${r.height}`;
        box.dataset.insetExtent = ic.extent.map(Math.round).join(',');
      } else {
        box.dataset.inset = 'off';
        delete box.dataset.insetSize;
        delete box.dataset.insetExtent;
      }
      ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
      box.dataset.scaleBar = String(drawScaleBar(ctx, Math.abs(x.invert(1) - x.invert(0)), view, o.axisFontPx));
      if (probeRaw) box.dataset.probePoint = probeRaw.map((v) => v.toFixed(4)).join(',');
      else delete box.dataset.probePoint;
      box.dataset.replay = replayAt >= 0 ? 'on' : 'off';
      // The threshold's radius in feature units.
      if (ring !== undefined) box.dataset.ring = ring.toPrecision(6);
      else delete box.dataset.ring;
      // By angle: the threshold in radians, and the rejected sectors drawn (2-D).
      box.dataset.openSet = o.ringScore ?? 'distance';
      if (rejectAngle !== undefined) box.dataset.rejectAngle = rejectAngle.toPrecision(6);
      else delete box.dataset.rejectAngle;
      box.dataset.rejectedSectors = String(rejected?.length ?? 0);
      box.dataset.dim = String(dim);
      if (dim === 3) {
        drawAxisKey(ctx, orbit, view, o.axisFontPx);
        box.dataset.orbit = `${orbit.yaw.toFixed(3)},${orbit.pitch.toFixed(3)}`;
        box.dataset.fitted = sameOrbit(orbit, FITTED_ORBIT) ? 'yes' : 'no';
      } else {
        drawEdgeAxes(ctx, x, y, { ...size, margin }, o.axisFontPx);
        delete box.dataset.orbit;
        delete box.dataset.fitted;
      }
      lastDrawMs = performance.now() - t0;
      box.dataset.drawMs = lastDrawMs.toFixed(2);
      box.dataset.points = String(drawn);
      const n = labels.length;
      box.dataset.dotPx = String(2 * (n > DENSE_POINTS ? (o.style.densePointRadius ?? o.style.pointRadius) : o.style.pointRadius));
      // Stable hooks for tests and tools: the axis domain shown, and where the centers are in the snapshot drawn.
      box.dataset.xDomain = fmtDomain(x.domain());
      box.dataset.yDomain = fmtDomain(y.domain());
      // Per snapshot, not per step: a new model at the same step (a new seed, a held-out digit) has new centers.
      if (hooked !== cur) {
        hooked = cur;
        showsTest.current = !isLive;
        box.dataset.step = String(cur.step);
        box.dataset.centers = centersAttr(cur.centers, o.heldOut, dim);
        box.dataset.pointsShown = isLive ? 'train' : 'test';
        box.dataset.intraRatio = clusterRatio(cur.features, labels, cur.centers, dim, o.heldOut).toPrecision(4);
      }
      return tweening;
    };
    const removePainter = addPainter(frame);
    const redraw = () => {
      dirty = true;
      requestFrame();
    };
    el.addEventListener('redraw', redraw);
    return () => {
      removePainter();
      ro.disconnect();
      unsubscribe();
      el.removeEventListener('redraw', redraw);
      el.removeEventListener('dblclick', onDblClick);
      turning.detach();
      unfollowOrbit();
      d3.select(el).on('.zoom', null);
    };
  }, [embedding, link, orbitLink]);

  useEffect(() => {
    opts.current = { isolated, autoFit, heldOut, discLabels, sharedDomain, style, axisFontPx, ringScale, ringScore, probe, replayStep, points, angular };
    canvas.current?.dispatchEvent(new Event('redraw'));
  }, [isolated, autoFit, heldOut, discLabels, sharedDomain, style, axisFontPx, ringScale, ringScore, probe, replayStep, points, angular]);

  useEffect(() => {
    if (!hover || !embedding.evalSet || !preview.current) return;
    const ctx = preview.current.getContext('2d')!;
    const img = inkImage(embedding.evalSet.pixels.subarray(hover.index * 784, (hover.index + 1) * 784), 28);
    ctx.putImageData(new ImageData(img.data, img.width, img.height), 0, 0);
  }, [hover, embedding]);

  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const s = scalesRef.current;
    const set = embedding.evalSet;
    if (!s || !set || !showsTest.current) return;
    const r = e.currentTarget.getBoundingClientRect();
    const mx = e.clientX - r.left;
    const my = e.clientY - r.top;
    const xy = xyRef.current;
    let best = -1;
    let bestD = 64;
    for (let i = 0; i < set.labels.length; i++) {
      if (isolated !== null && set.labels[i] !== isolated) continue;
      const d = (s.x(xy[2 * i]!) - mx) ** 2 + (s.y(xy[2 * i + 1]!) - my) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    setHover(best >= 0 ? { x: mx, y: my, index: best } : null);
  };

  const cur = embedding.current;
  const hoverLabel = hover && embedding.evalSet ? embedding.evalSet.labels[hover.index] : undefined;
  const hoverPred = hover && cur ? cur.predictions[hover.index] : undefined;

  return (
    <div
      ref={wrap}
      className="scatter"
      data-testid={testId}
      data-points="0"
      data-step="-1"
      data-held-out={heldOut ?? 'none'}
      data-run={run}
      data-lambda={lambda}
      data-loss={loss}
      data-test-acc={testAccuracy ?? undefined}
      data-test-intra-ratio={testIntraRatio ?? undefined}
      data-metrics-step={metricsStep ?? undefined}
      data-elongation={testElongation ?? undefined}
      data-within-between={testWithinBetween ?? undefined}
    >
      <canvas
        ref={canvas}
        role="img"
        aria-label={turnable ? `${label}. Drag, or focus and press the arrow keys, to turn it; Home returns to the fitted view` : label}
        tabIndex={turnable ? 0 : undefined}
        data-takes-arrows={turnable ? '' : undefined}
        onPointerMove={onMove}
        onPointerLeave={() => setHover(null)}
        onClick={onPick ? () => hover && !turningRef.current?.turned && onPick(hover.index) : undefined}
        style={onPick && hover ? { cursor: 'pointer' } : undefined}
      />
      {hover && (
        <div className="tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }} role="status">
          <canvas ref={preview} width={28} height={28} className="digit" />
          <div>
            label <b>{hoverLabel === undefined ? '' : (classNames?.[hoverLabel] ?? hoverLabel)}</b>
            <br />
            predicted <b>{hoverPred === undefined ? '' : (classNames?.[hoverPred] ?? hoverPred)}</b>
          </div>
        </div>
      )}
    </div>
  );
}
