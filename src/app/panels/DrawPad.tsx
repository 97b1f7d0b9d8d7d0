/** Draw a digit and see where every run puts it: pointer strokes → MNIST preprocessing → the worker embeds it with the live weights. */
import { useEffect, useRef } from 'react';
import { degrees } from '../../ml/angles';
import { LOSSES } from '../../ml/losses/registry';
import { openSetScoreOf, openSetScores, perClassScores, scoreVerdict, typicalScore } from '../../ml/opensetScore';
import { inkFromRgba, mnistFromDrawing, SIDE } from '../../ml/preprocess';
import type { ProbeResult } from '../../workers/protocol';
import type { Actions } from '../bridge';
import { inkImage } from '../charts/inkImage';
import { describeRuns } from '../runs';
import { useApp, type AppStore } from '../store/appStore';
import { viewOf, type Views } from '../views';
import { verdictText } from './probeWords';
import { isDigitSet, specOf } from '../store/datasetOf';

/** The pad's own pixels; strokes are PEN wide, about MNIST's stroke once a digit is scaled into its 20-px box. */
const PAD = 280;
const PEN = 20;
const PREVIEW = 84;

function drawPreview(canvas: HTMLCanvasElement, pixels: Uint8Array | null): void {
  const ctx = canvas.getContext('2d')!;
  const img = inkImage(pixels ?? [], SIDE);
  ctx.putImageData(new ImageData(img.data, img.width, img.height), 0, 0);
}

export function DrawPad({ store, views, actions }: { store: AppStore; views: Views; actions: Actions }) {
  const pad = useRef<HTMLCanvasElement>(null);
  const preview = useRef<HTMLCanvasElement>(null);
  const probe = useApp(store, (s) => s.probe);
  const padDigit = useApp(store, (s) => s.padDigit);
  const runs = useApp(store, (s) => s.runs);
  const heldOut = useApp(store, (s) => s.config.heldOutClass);
  const spec = useApp(store, (s) => specOf(s));
  const scale = useApp(store, (s) => s.openSetScale);
  // Pen state lives outside React: a stroke is many events a frame.
  const pen = useRef<{ down: boolean; x: number; y: number; pendingAt: number | null; frame: number }>({ down: false, x: 0, y: 0, pendingAt: null, frame: 0 });

  const clearPad = () => {
    const ctx = pad.current!.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, PAD, PAD);
  };

  /** Once per frame at most: read the pad back, preprocess, show it, and ask the worker. */
  const process = () => {
    const p = pen.current;
    p.frame = 0;
    const at = p.pendingAt;
    p.pendingAt = null;
    if (at === null || !pad.current) return;
    const rgba = pad.current.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, PAD, PAD).data;
    const pixels = mnistFromDrawing(inkFromRgba(rgba, PAD * PAD), PAD, PAD);
    if (preview.current) drawPreview(preview.current, pixels);
    if (pixels) actions.probe(pixels, at);
  };
  const schedule = (at: number) => {
    const p = pen.current;
    p.pendingAt ??= at;
    if (!p.frame) p.frame = requestAnimationFrame(process);
  };

  useEffect(() => {
    clearPad();
    if (preview.current) drawPreview(preview.current, null);
    const p = pen.current;
    return () => cancelAnimationFrame(p.frame);
  }, []);

  // "Use a test digit": the picked digit, enlarged onto the pad as if drawn there.
  useEffect(() => {
    if (!padDigit || !pad.current) return;
    const small = document.createElement('canvas');
    small.width = small.height = SIDE;
    const sctx = small.getContext('2d')!;
    const img = inkImage(padDigit.pixels, SIDE);
    sctx.putImageData(new ImageData(img.data, img.width, img.height), 0, 0);
    clearPad();
    const ctx = pad.current.getContext('2d')!;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, 0, 0, PAD, PAD);
    schedule(performance.now());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [padDigit]);

  const toPad = (e: React.PointerEvent<HTMLCanvasElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * PAD, ((e.clientY - r.top) / r.height) * PAD];
  };
  const line = (x0: number, y0: number, x1: number, y1: number) => {
    const ctx = pad.current!.getContext('2d')!;
    ctx.strokeStyle = '#000';
    ctx.lineWidth = PEN;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
  };
  const onDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const [x, y] = toPad(e);
    Object.assign(pen.current, { down: true, x, y });
    line(x, y, x, y);
    schedule(e.timeStamp);
  };
  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const p = pen.current;
    if (!p.down) return;
    // Every sample since the last event, not one per frame: fast strokes stay smooth.
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
    const samples = events.length ? events : [e.nativeEvent];
    const r = e.currentTarget.getBoundingClientRect();
    for (const s of samples) {
      const x = ((s.clientX - r.left) / r.width) * PAD, y = ((s.clientY - r.top) / r.height) * PAD;
      line(p.x, p.y, x, y);
      p.x = x;
      p.y = y;
    }
    schedule(e.timeStamp);
  };
  const onUp = () => {
    pen.current.down = false;
  };
  const onClear = () => {
    clearPad();
    if (preview.current) drawPreview(preview.current, null);
    actions.clearProbe();
  };

  const described = describeRuns(runs);
  const rows = (probe?.results ?? []).map((r: ProbeResult) => {
    const d = described.find((x) => x.id === r.run);
    const e = viewOf(views, r.run).embedding;
    const h = heldOut ?? -1;
    const dim = r.feature.length;
    // In the run's own terms: by distance to its centers, or by angle to its class rays (the last test snapshot's fc2 rows).
    const weights = e.current?.classWeights;
    const score = d && weights ? openSetScoreOf(LOSSES[d.loss]) : 'distance';
    const basis = { centers: r.centers, classWeights: weights ?? new Float32Array(0) };
    const typical = e.current && e.evalSet && e.dim === dim ? typicalScore(openSetScores(score, e.current.features, { centers: e.current.centers, classWeights: basis.classWeights }, dim, h), e.evalSet.labels, h) : 0;
    const verdict = scoreVerdict(score, r.feature, basis, dim, h, typical, scale);
    let top = 0;
    for (let k = 1; k < r.probabilities.length; k++) if (r.probabilities[k]! > r.probabilities[top]!) top = k;
    const distances = perClassScores(score, r.feature, basis, dim);
    return { r, label: d?.column ?? r.run, verdict, top, distances, score };
  });

  return (
    <section className="panel draw-panel" aria-labelledby="draw-h" data-probe-ms={probe && Number.isFinite(probe.latencyMs) ? probe.latencyMs.toFixed(0) : undefined} data-testid="draw-panel">
      <h2 id="draw-h">{isDigitSet(spec) ? 'Draw a digit' : 'Draw an image'}</h2>
      <div className="draw-row">
        <canvas
          ref={pad}
          width={PAD}
          height={PAD}
          className="draw-pad"
          data-testid="draw-pad"
          aria-label="Drawing pad: draw a digit with the mouse, a finger or a pen; where it lands is marked with a red star in every scatter"
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerCancel={onUp}
        />
        <div className="draw-side">
          <canvas ref={preview} width={SIDE} height={SIDE} className="digit" style={{ width: PREVIEW, height: PREVIEW }} data-testid="pad-preview" aria-label="The 28 × 28 image the model sees" role="img" />
          <span className="small">what the model sees (28 × 28)</span>
          <button type="button" className="small-button" data-testid="pad-clear" onClick={onClear}>
            Clear
          </button>
          <span className="small">or click a{isDigitSet(spec) ? ' digit' : 'n image'} in a scatter to use it</span>
        </div>
      </div>
      {rows.length > 0 && (
        <table className="probe-table" data-testid="probe-table">
          <thead>
            <tr>
              <th scope="col">run</th>
              <th scope="col">softmax says</th>
              <th scope="col">open set (threshold {scale.toFixed(1)}×)</th>
              <th scope="col">distance to each center (angle to each class ray, for a loss without centers)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ r, label, verdict, top, distances, score }) => (
              <tr key={r.run} data-run={r.run}>
                <th scope="row">{label}</th>
                <td data-testid="probe-prediction">
                  <b>{spec.classNames[top] ?? top}</b> ({(r.probabilities[top]! * 100).toFixed(1)}%)
                </td>
                <td data-testid="probe-verdict" data-known={verdict.known ? 'yes' : 'no'} data-score={score}>
                  {verdictText(verdict, spec, score)}
                </td>
                <td className="probe-distances">
                  {distances.map((d, k) =>
                    k === heldOut ? null : <span key={k}>{`${spec.classNames[k] ?? k}: ${score === 'angle' ? `${degrees(d).toFixed(0)}°` : d >= 100 ? d.toFixed(0) : d.toPrecision(2)} `}</span>,
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
