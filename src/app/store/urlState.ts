/** The whole configuration in the URL hash, so that a shared link reproduces the setup: read and written from the settings table. */
import { PRESETS, presetConfig, QUICK_HOLDOUT_REFUSED, startsFromSoftmax, type PresetName, type RunConfig } from '../../ml/config';
import { SETTINGS, settingByName } from '../../ml/settings';
import { withLossDefaults } from '../lossDefaults';

export interface ViewSettings {
  /** Presentation mode. */
  present: boolean;
}

export interface ParsedHash extends ViewSettings {
  config: RunConfig;
  /** One sentence per ignored value. */
  notices: string[];
}

/** View settings live in the URL too, but belong to the page, not to the run. */
const PRESENT_KEY = 'present';

export function parseHash(hash: string): ParsedHash {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const notices: string[] = [];
  const ignore = (key: string, value: string, why: string) => notices.push(`Ignored ${key}=${value} from the link: ${why}.`);
  // The preset first: every other value is a change from it.
  const presetSetting = settingByName('preset');
  const presetRaw = params.get(presetSetting.url);
  let preset: PresetName = 'fast';
  if (presetRaw !== null) {
    const r = presetSetting.parse(presetRaw);
    if (r.ok) preset = r.value as PresetName;
    else ignore(presetSetting.url, presetRaw, `expected one of ${PRESETS.join(', ')}`);
  }
  let config = presetConfig(preset);
  for (const s of SETTINGS) {
    const raw = params.get(s.url);
    if (raw === null || s.name === 'preset') continue;
    const r = s.parse(raw);
    if (r.ok) config = s.set(config, r.value);
    else ignore(s.url, raw, r.error);
  }
  if (startsFromSoftmax(config) && config.heldOutClass !== null) {
    ignore(settingByName('heldOutClass').url, String(config.heldOutClass), QUICK_HOLDOUT_REFUSED);
    config = { ...config, heldOutClass: null };
  }
  // A loss that cannot train in 2-D opens in 3-D, unless the link asks for 2-D itself.
  if (params.get(settingByName('featDim').url) === null) config = withLossDefaults(config);
  let present = false;
  const presentRaw = params.get(PRESENT_KEY);
  if (presentRaw !== null) {
    if (presentRaw === '1' || presentRaw === '0') present = presentRaw === '1';
    else ignore(PRESENT_KEY, presentRaw, 'expected 1 or 0');
  }
  const known = new Set([...SETTINGS.map((s) => s.url), PRESENT_KEY]);
  for (const [key, value] of params) if (!known.has(key)) ignore(key, value, 'unknown setting');
  return { config, present, notices };
}

/** Only what differs from the preset is written, so links stay short. */
export function toHash(config: RunConfig, view: ViewSettings = { present: false }): string {
  const base = presetConfig(config.preset);
  const p = new URLSearchParams();
  for (const s of SETTINGS) {
    const v = s.format(s.get(config));
    if (s.name === 'preset' || v !== s.format(s.get(base))) p.set(s.url, v);
  }
  if (view.present) p.set(PRESENT_KEY, '1');
  return `#${p.toString().replaceAll('%2C', ',')}`;
}
