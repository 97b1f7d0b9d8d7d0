/** Turning a 3-D scatter by hand: a drag with the primary button, or the arrow keys on the focused plot (Home: the fitted view). DOM listeners only; the camera is orbit.ts. */
import { DRAG_RADIANS, dragOrbit, KEY_RADIANS, sameOrbit, type OrbitLink } from './orbit';

export interface Turning {
  /** The last press turned the view: its click is not a pick. */
  readonly turned: boolean;
  detach(): void;
}

/** `active`: whether the view is 3-D now (a 2-D view pans instead). */
export function attachTurning(el: HTMLElement, link: OrbitLink, active: () => boolean): Turning {
  let drag: { id: number; x: number; y: number } | null = null;
  const state = { turned: false, detach };
  const onDown = (e: PointerEvent) => {
    if (!active() || e.button !== 0) return;
    drag = { id: e.pointerId, x: e.clientX, y: e.clientY };
    state.turned = false;
    el.setPointerCapture(e.pointerId);
  };
  const onMove = (e: PointerEvent) => {
    if (!drag || e.pointerId !== drag.id) return;
    const next = dragOrbit(link.orbit, e.clientX - drag.x, e.clientY - drag.y);
    drag = { id: e.pointerId, x: e.clientX, y: e.clientY };
    if (sameOrbit(next, link.orbit)) return;
    state.turned = true;
    link.set(next);
  };
  const onUp = (e: PointerEvent) => {
    if (drag && e.pointerId === drag.id) drag = null;
  };
  const step = KEY_RADIANS / DRAG_RADIANS;
  const keys: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
  const onKey = (e: KeyboardEvent) => {
    if (!active()) return;
    const by = keys[e.key];
    if (e.key === 'Home') link.reset();
    else if (by) link.set(dragOrbit(link.orbit, ...by));
    else return;
    e.preventDefault();
  };
  el.addEventListener('pointerdown', onDown);
  el.addEventListener('pointermove', onMove);
  el.addEventListener('pointerup', onUp);
  el.addEventListener('pointercancel', onUp);
  el.addEventListener('keydown', onKey);
  function detach(): void {
    el.removeEventListener('pointerdown', onDown);
    el.removeEventListener('pointermove', onMove);
    el.removeEventListener('pointerup', onUp);
    el.removeEventListener('pointercancel', onUp);
    el.removeEventListener('keydown', onKey);
  }
  return state;
}
