/** The export sheet against a context that records what it is asked to draw. */
import { describe, expect, it } from 'vitest';
import { classColor, HELD_OUT_INK } from './colors';
import { drawExportSheet, sheetLayout, sheetSize, type SheetPanel } from './exportSheet';

function recorder() {
  const images: { image: unknown; x: number; y: number; w: number; h: number }[] = [];
  const texts: { text: string; x: number; y: number }[] = [];
  const fills: { style: string; arcs: number }[] = [];
  const strokes: string[] = [];
  let arcs = 0;
  const ctx = {
    globalAlpha: 1,
    strokeStyle: '',
    fillStyle: '',
    lineWidth: 1,
    lineCap: 'butt',
    font: '',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    setTransform() {},
    fillRect() {},
    strokeRect() {},
    save() {},
    restore() {},
    beginPath() {
      arcs = 0;
    },
    moveTo() {},
    lineTo() {},
    closePath() {},
    arc() {
      arcs++;
    },
    fill() {
      fills.push({ style: ctx.fillStyle, arcs });
    },
    stroke() {
      strokes.push(ctx.strokeStyle);
    },
    drawImage(image: unknown, x: number, y: number, w: number, h: number) {
      images.push({ image, x, y, w, h });
    },
    fillText(text: string, x: number, y: number) {
      texts.push({ text, x, y });
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, images, texts, fills, strokes };
}

const image = (name: string) => ({ name }) as unknown as CanvasImageSource;
const panels: SheetPanel[] = [
  { image: image('softmax'), width: 500, height: 420, title: 'Softmax only (λ = 0)' },
  { image: image('center'), width: 500, height: 420, title: 'Softmax + center loss (λ = 1)' },
];

describe('drawExportSheet', () => {
  it('draws every panel under its title, the step and ten legend entries', () => {
    const info = { step: 1234, heldOut: null, subtitle: 'preset fast · seed 1' };
    const size = { ...sheetSize(panels, info), dpr: 2 };
    const r = recorder();
    drawExportSheet(r.ctx, panels, info, size);
    expect(r.images.map((i) => i.image)).toEqual(panels.map((p) => p.image));
    const text = r.texts.map((t) => t.text);
    expect(text.some((t) => t.includes('step 1234'))).toBe(true);
    expect(text).toContain('preset fast · seed 1');
    for (const [i, p] of panels.entries()) {
      const title = r.texts.find((t) => t.text === p.title)!;
      const img = r.images[i]!;
      expect(title.y).toBeLessThan(img.y);
      expect(title.x).toBe(img.x);
      expect([img.w, img.h]).toEqual([p.width, p.height]);
      // Inside the sheet.
      expect(img.x + img.w).toBeLessThanOrEqual(size.width);
      expect(img.y + img.h).toBeLessThanOrEqual(size.height);
    }
    // Side by side, without overlap.
    expect(r.images[1]!.x).toBeGreaterThanOrEqual(r.images[0]!.x + r.images[0]!.w);
    expect(r.images[1]!.y).toBe(r.images[0]!.y);
    const digits = r.texts.filter((t) => /^\d$/.test(t.text));
    expect(digits.map((t) => t.text)).toEqual(Array.from({ length: 10 }, (_, k) => String(k)));
    expect(digits.every((t) => t.y > r.images[0]!.y + r.images[0]!.h && t.y < size.height)).toBe(true);
    expect(r.fills.filter((f) => f.arcs === 1).map((f) => f.style)).toEqual(Array.from({ length: 10 }, (_, k) => classColor(k)));
  });

  it('shows the held-out marker instead of that digit’s dot, with a note', () => {
    const info = { step: 7, heldOut: 9 };
    const r = recorder();
    drawExportSheet(r.ctx, panels.slice(1), info, { ...sheetSize(panels.slice(1), info), dpr: 1 });
    expect(r.fills.filter((f) => f.arcs === 1).map((f) => f.style)).toEqual(Array.from({ length: 9 }, (_, k) => classColor(k)));
    expect(r.strokes).toContain(HELD_OUT_INK);
    expect(r.texts.some((t) => t.text.includes('digit 9') && t.text.includes('held out'))).toBe(true);
    expect(r.texts.filter((t) => /^\d$/.test(t.text))).toHaveLength(10);
  });
});

describe('the legend of any dataset', () => {
  const fashion = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

  it('names every class, and the held-out one by its name', () => {
    const info = { step: 7, heldOut: 9, classNames: fashion };
    const r = recorder();
    drawExportSheet(r.ctx, panels, info, { ...sheetSize(panels, info), dpr: 1 });
    for (const name of fashion) expect(r.texts.map((t) => t.text)).toContain(name);
    expect(r.texts.map((t) => t.text)).toContain('× Ankle boot: held out of training');
  });

  it('wraps 62 classes into rows inside the sheet, each slot clear of the next', () => {
    const names = Array.from({ length: 62 }, (_, k) => `class ${k}`);
    const l = sheetLayout(panels, { heldOut: null, classNames: names });
    const one = sheetLayout(panels, { heldOut: null });
    expect(l.legend).toHaveLength(62);
    expect(new Set(l.legend.map((s) => s.y)).size).toBeGreaterThan(1);
    expect(l.height).toBeGreaterThan(one.height);
    expect(l.legend.every((s) => s.x >= 16 && s.x < l.width - 16)).toBe(true);
    for (let k = 1; k < 62; k++) {
      const a = l.legend[k - 1]!, b = l.legend[k]!;
      if (a.y === b.y) expect(b.x - a.x).toBeGreaterThanOrEqual(34 + 'class 0'.length * 8);
    }
    // MNIST's ten digits keep their one row and slots.
    expect(one.legend.map((s) => s.x)).toEqual(Array.from({ length: 10 }, (_, k) => 16 + k * 46 + 7));
  });
});

describe('sheetSize', () => {
  it('fits the panels side by side, the header, the titles and the legend', () => {
    const one = sheetSize(panels.slice(0, 1), { heldOut: null });
    const two = sheetSize(panels, { heldOut: null });
    expect(two.width).toBeGreaterThanOrEqual(1000);
    expect(two.width - one.width).toBe(500 + 16);
    expect(two.height).toBe(one.height);
    expect(sheetSize(panels, { heldOut: null, subtitle: 'x' }).height).toBeGreaterThan(two.height);
    // Small panels: the legend sets the width.
    const tiny = sheetSize([{ width: 50, height: 50, title: '' }], { heldOut: 3 });
    expect(tiny.width).toBeGreaterThan(400);
    const l = sheetLayout(panels, { heldOut: null });
    expect(l.legendY).toBeGreaterThan(l.panels[0]!.y + 420);
  });

  it('lays five panels out in rows of three, each title above its own panel', () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ width: 300, height: 200, title: `run ${i}`, note: 'x' }));
    const l = sheetLayout(five, { heldOut: null, columns: 3 });
    expect(l.panels.slice(0, 3).map((p) => p.y)).toEqual([l.panels[0]!.y, l.panels[0]!.y, l.panels[0]!.y]);
    expect(l.panels[3]!.y).toBeGreaterThan(l.panels[0]!.y + 200);
    expect(l.panels[3]!.x).toBe(l.panels[0]!.x);
    expect(l.panels[3]!.titleY).toBeLessThan(l.panels[3]!.y);
    expect(l.legendY).toBeGreaterThan(l.panels[4]!.y + 200);
  });
});
