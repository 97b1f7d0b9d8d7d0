/** The page's keyboard shortcuts as a pure decision: which key does what, given what has focus. */

export type KeyCommand = 'toggle' | 'step' | 'present' | 'leave';

/** What the focused element does with keys itself: 'check' is a checkbox, which only Space can tick. */
export type FocusKind = 'text' | 'arrows' | 'check' | 'other';

const TEXT_INPUTS = new Set(['text', 'number', 'search', 'email', 'password', 'url', 'tel', 'date', 'time']);

/** Text and number fields take typing; sliders, selects, radio groups and a turnable 3-D scatter (data-takes-arrows) take the arrow keys. */
export function focusKind(el: Element | null): FocusKind {
  if (!el) return 'other';
  if (el.closest('textarea, [contenteditable=""], [contenteditable="true"]')) return 'text';
  if (el instanceof HTMLInputElement) {
    if (TEXT_INPUTS.has(el.type)) return 'text';
    if (el.type === 'range' || el.type === 'radio') return 'arrows';
    // Ticked with Space only when reached by keyboard; a checkbox just clicked keeps no claim on Space (App.tsx marks how focus came).
    if (el.type === 'checkbox') return el.dataset.focusedBy === 'pointer' ? 'other' : 'check';
  }
  if (el.closest('select, [role="slider"], [role="listbox"], [role="radiogroup"], [role="tablist"], [data-takes-arrows]')) return 'arrows';
  return 'other';
}

export interface KeyPress {
  key: string;
  /** Held down: the key repeats; a shortcut acts once per press. */
  repeat?: boolean;
  ctrl: boolean;
  meta: boolean;
  alt: boolean;
}

/** Space trains or pauses and → steps wherever focus is, unless the focused control needs that key itself (a checkbox keeps Space). */
export function keyCommand(k: KeyPress, focus: FocusKind, presenting: boolean): KeyCommand | null {
  if (k.ctrl || k.meta || k.alt || k.repeat) return null;
  if (k.key === 'Escape') return presenting ? 'leave' : null;
  if (focus === 'text') return null;
  if (k.key === ' ') return focus === 'check' ? null : 'toggle';
  if (k.key === 'ArrowRight') return focus === 'arrows' ? null : 'step';
  // A select jumps to an option by its first letter: F is its own there.
  if (k.key === 'f' || k.key === 'F') return focus === 'arrows' ? null : 'present';
  return null;
}
