import { describe, expect, it } from 'vitest';
import { keyCommand, type FocusKind } from './keys';

const press = (key: string, mods: Partial<{ ctrl: boolean; meta: boolean; alt: boolean }> = {}) => ({ key, ctrl: false, meta: false, alt: false, ...mods });

describe('keyboard shortcuts', () => {
  it('Space toggles training from a button, a slider or the page, but not inside a text field', () => {
    for (const f of ['other', 'arrows'] as FocusKind[]) expect(keyCommand(press(' '), f, false)).toBe('toggle');
    expect(keyCommand(press(' '), 'text', false)).toBeNull();
    // Space is the only key that ticks a checkbox: it keeps it.
    expect(keyCommand(press(' '), 'check', false)).toBeNull();
    expect(keyCommand(press('ArrowRight'), 'check', false)).toBe('step');
  });

  it('→ steps, except where the focused control uses the arrow keys itself', () => {
    expect(keyCommand(press('ArrowRight'), 'other', false)).toBe('step');
    expect(keyCommand(press('ArrowRight'), 'arrows', false)).toBeNull();
    expect(keyCommand(press('ArrowRight'), 'text', false)).toBeNull();
  });

  it('F presents, Esc leaves only while presenting, and modified keys are the browser’s', () => {
    expect(keyCommand(press('f'), 'other', false)).toBe('present');
    expect(keyCommand(press('f'), 'text', false)).toBeNull();
    expect(keyCommand(press('Escape'), 'text', true)).toBe('leave');
    expect(keyCommand(press('Escape'), 'other', false)).toBeNull();
    expect(keyCommand(press('f', { ctrl: true }), 'other', false)).toBeNull();
    expect(keyCommand(press(' ', { meta: true }), 'other', false)).toBeNull();
    // A select takes letters; a held key acts once.
    expect(keyCommand(press('f'), 'arrows', false)).toBeNull();
    expect(keyCommand({ ...press(' '), repeat: true }, 'other', false)).toBeNull();
  });
});
