/** The embedding scatter: D3 scales and zoom; points and axes on canvas, drawn at most once per frame outside React. */
import * as d3 from 'd3';
import { useEffect, useRef, useState } from 'react';
import type { EmbeddingState } from '../store/embedding';
import { drawEdgeAxes } from './axesDraw';
import { addPainter, requestFrame } from './frames';
import { drawScatter, extent, interpolate } from './scatterDraw';
import type { ZoomLink } from './zoomLink';

const TWEEN_MS = 450;
/**
 * The tween between snapshots is drawn at about 30 frames a second: while training on a CPU the tween
 * runs most of the time, and each frame also costs the compositor a canvas upload, on the cores the
 * training worker needs. Zooming, panning and new snapshots still draw in the next frame.
 */
const TWEEN_FRAME_MS = 30;
const MARGIN = { left: 44, bottom: 28, top: 8, right: 8 };

interface Props {
  embedding: EmbeddingState;
  heldOut: number | null;
  label: string;
  isolated: number | null;
  autoFit: boolean;
  zoom: ZoomLink;
  testId: string;
}

interface Hover {
  x: number;
  y: number;
  index: number;
}

export function ScatterView({ embedding, heldOut, label, isolated, autoFit, zoom: link, testId }: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const preview = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const opts = useRef({ isolated, autoFit, heldOut });
  const xyRef = useRef<Float32Array>(new Float32Array(0));
  const scalesRef = useRef<{ x: d3.ScaleLinear<number, number>; y: d3.ScaleLinear<number, number> } | null>(null);

  useEffect(() => {
    const el = canvas.current!;
    const ctx = el.getContext('2d')!;
    const box = wrap.current!;
    let size = { width: 600, height: 500, dpr: window.devicePixelRatio || 1 };
    let transform = link.transform;
    let domain: [[number, number], [number, number]] = [[-1, 1], [-1, 1]];
    let seen = -1;
    let dirty = true;
    let tweening = false;
    let lastDrawAt = -Infinity;

    const resize = () => {
      const r = box.getBoundingClientRect();
      size = { width: Math.max(200, r.width), height: Math.max(200, r.height), dpr: window.devicePixelRatio || 1 };
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
    d3.select(el).call(zoom).on('dblclick.zoom', null);
    const unsubscribe = link.subscribe((t, source) => {
      if (source !== el) d3.select(el).call(zoom.transform, t);
    });

    // A painter (./frames.ts): returns true while a tween is under way.
    const frame = (now: number): boolean => {
      const cur = embedding.current;
      if (!cur || !embedding.evalSet) return false;
      const t = Math.min(1, (now - cur.at) / TWEEN_MS);
      const changed = embedding.version !== seen || dirty;
      if (!changed && !tweening) return false;
      if (!changed && t < 1 && now - lastDrawAt < TWEEN_FRAME_MS) return true;
      seen = embedding.version;
      dirty = false;
      tweening = t < 1;
      lastDrawAt = now;
      const xy = interpolate(embedding.previous?.features ?? null, cur.features, t, xyRef.current);
      xyRef.current = xy;
      if (opts.current.autoFit) domain = extent(cur.features, cur.centers);
      const w = size.width - MARGIN.left - MARGIN.right;
      const h = size.height - MARGIN.top - MARGIN.bottom;
      const side = Math.min(w, h);
      const ox = MARGIN.left + (w - side) / 2;
      const oy = MARGIN.top + (h - side) / 2;
      const x = transform.rescaleX(d3.scaleLinear().domain(domain[0]).range([ox, ox + side]));
      const y = transform.rescaleY(d3.scaleLinear().domain(domain[1]).range([oy + side, oy]));
      scalesRef.current = { x, y };
      const centers = embedding.previous ? interpolate(embedding.previous.centers, cur.centers, t) : cur.centers;
      const t0 = performance.now();
      const drawn = drawScatter(
        ctx,
        { xy, labels: embedding.evalSet.labels, centers, trail: embedding.trail, isolated: opts.current.isolated, heldOut: opts.current.heldOut },
        { x, y },
        size,
      );
      drawEdgeAxes(ctx, x, y, { ...size, margin: MARGIN });
      box.dataset.drawMs = (performance.now() - t0).toFixed(2);
      box.dataset.points = String(drawn);
      if (box.dataset.step !== String(cur.step)) {
        box.dataset.step = String(cur.step);
        // A stable hook for tests and tools: where the centers are in the snapshot drawn.
        box.dataset.centers = Array.from(cur.centers, (v) => v.toFixed(5)).join(',');
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
      d3.select(el).on('.zoom', null);
    };
  }, [embedding, link]);

  useEffect(() => {
    opts.current = { isolated, autoFit, heldOut };
    canvas.current?.dispatchEvent(new Event('redraw'));
  }, [isolated, autoFit, heldOut]);

  useEffect(() => {
    if (!hover || !embedding.evalSet || !preview.current) return;
    const ctx = preview.current.getContext('2d')!;
    const img = ctx.createImageData(28, 28);
    const px = embedding.evalSet.pixels.subarray(hover.index * 784, (hover.index + 1) * 784);
    for (let i = 0; i < 784; i++) {
      const v = 255 - px[i]!;
      img.data.set([v, v, v, 255], i * 4);
    }
    ctx.putImageData(img, 0, 0);
  }, [hover, embedding]);

  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const s = scalesRef.current;
    const set = embedding.evalSet;
    if (!s || !set) return;
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
    <>
      <div ref={wrap} className="scatter" data-testid={testId} data-points="0" data-step="-1" data-held-out={heldOut ?? 'none'}>
        <canvas ref={canvas} role="img" aria-label={label} onPointerMove={onMove} onPointerLeave={() => setHover(null)} />
        {hover && (
          <div className="tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }} role="status">
            <canvas ref={preview} width={28} height={28} className="digit" />
            <div>
              label <b>{hoverLabel}</b>
              <br />
              predicted <b>{hoverPred}</b>
            </div>
          </div>
        )}
      </div>
    </>
  );
}
