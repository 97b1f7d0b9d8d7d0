/** `npm run train`'s flags: the settings table's (src/ml/settings.ts) plus the CLI's own. Pure: no I/O. */
import { parseArgs } from 'node:util';
import { presetConfig, validateRunConfig, type PresetName, type RunConfig } from '../src/ml/config';
import { optionsOf, SETTINGS, type Setting } from '../src/ml/settings';

export const CLI_BACKENDS = ['wasm', 'cpu'] as const;
export type CliBackend = (typeof CLI_BACKENDS)[number];

/** Where the CLI's defaults differ from the app's: no GPU in Node, and an eval on 1,000 test digits. */
const CLI_DEFAULTS: Partial<RunConfig> = { variant: 'slim', backend: 'wasm', evalSize: 1000 };

const OWN_FLAGS: Array<[string, string]> = [
  ['--data <dir>', 'train on the four IDX files in this folder (raw or gzipped, any names), checked as the page checks dropped files (default: the bundled MNIST)'],
  ['--steps <n>', 'training steps (default: one epoch at the batch size)'],
  ['--report-every <n>', 'steps between progress lines (default 25)'],
  ['--eval-every <n>', 'also evaluate on the eval digits every n steps: test accuracy and intra/min-inter, the lesson\'s figures (default: at the end only)'],
  ['--out <file>', "write the weights to this file (the app's export format; --runs and --sweep write one file per run, named by what differs: -arcface, -lambda0.1)"],
  ['--centers-at-means', "before writing, move each center to its class's mean feature over 2,000 training digits (how public/starts is made)"],
  ['--help', 'this text'],
];

const tableFlags = SETTINGS.filter((s): s is Setting<unknown> & { cli: string } => s.cli !== undefined);

/** The values a flag takes: an enumeration's names, else a number (any in range, not only the control's choices) or a list. */
/** A checkbox setting is a bare flag: --quick. */
const isSwitch = (s: Setting<unknown>) => s.control.kind === 'checkbox';

function placeholder(s: Setting<unknown>): string {
  if (s.name === 'backend') return CLI_BACKENDS.join('|');
  if (s.control.kind === 'list') return 'x,y,…';
  if (s.control.kind !== 'select') return 'x';
  const texts = optionsOf(s.control).map((o) => o.text);
  return texts.every((t) => t !== '' && Number.isFinite(Number(t))) ? 'n' : texts.join('|');
}

export const USAGE = `Usage: npm run train -- [flags]

${[...tableFlags.map((s): [string, string] => [isSwitch(s) ? `--${s.cli}` : `--${s.cli} <${placeholder(s)}>`, s.help]), ...OWN_FLAGS].map(([flag, what]) => `  ${flag.padEnd(40)}${what}`).join('\n')}

The preset's learning-rate schedule (printed at the start) is kept as the app has it, counted in steps,
whatever --steps and --batch are. Negative numbers need the = form: --lambda=-1.`;

export class UsageError extends Error {}

export interface CliOptions {
  config: RunConfig;
  backend: CliBackend;
  steps: number | undefined;
  evalSize: number;
  reportEvery: number;
  evalEvery: number | undefined;
  out: string | undefined;
  centersAtMeans: boolean;
  /** A folder of IDX files, or undefined for the bundled MNIST. */
  data: string | undefined;
}

function positiveInt(flag: string, text: string | undefined, fallback: number | undefined): number | undefined {
  if (text === undefined) return fallback;
  const v = text.trim() === '' ? NaN : Number(text);
  if (!Number.isInteger(v) || v < 1 || v > 1e7) throw new UsageError(`--${flag} must be a whole number from 1 to 10000000, got "${text}"`);
  return v;
}

export function parseCli(argv: string[]): CliOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(tableFlags.map((s) => [s.cli, { type: isSwitch(s) ? ('boolean' as const) : ('string' as const) }])),
        'centers-at-means': { type: 'boolean' },
        steps: { type: 'string' },
        'report-every': { type: 'string' },
        'eval-every': { type: 'string' },
        out: { type: 'string' },
        data: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return 'help';
  const text = (flag: string) => (values[flag] === true ? '1' : (values[flag] as string | undefined));
  // The preset first: every other flag is a change from it.
  const parse = (s: Setting<unknown> & { cli: string }) => {
    const r = s.parse(text(s.cli)!);
    if (!r.ok) throw new UsageError(`--${s.cli}: ${r.error}, got "${text(s.cli)}"`);
    return r.value;
  };
  const presetFlag = tableFlags.find((s) => s.name === 'preset')!;
  const preset = text(presetFlag.cli) === undefined ? 'fast' : (parse(presetFlag) as PresetName);
  let config: RunConfig = { ...presetConfig(preset), ...CLI_DEFAULTS };
  for (const s of tableFlags) if (s !== presetFlag && text(s.cli) !== undefined) config = s.set(config, parse(s));
  if (!(CLI_BACKENDS as readonly string[]).includes(config.backend)) throw new UsageError(`--backend must be one of ${CLI_BACKENDS.join(', ')} in Node, got "${config.backend}"`);
  if (config.variant === 'auto') config = { ...config, variant: 'slim' };
  const out = text('out');
  const data = text('data');
  if (data !== undefined && data.trim() === '') throw new UsageError('--data must be a folder');
  if (out !== undefined && out.trim() === '') throw new UsageError('--out must be a file name');
  // The same validation as the app's settings: a value out of range names its field.
  const valid = validateRunConfig(config);
  if (!valid.ok) throw new UsageError(`invalid settings: ${valid.error}`);
  return {
    config: valid.value,
    backend: valid.value.backend as CliBackend,
    steps: positiveInt('steps', text('steps'), undefined),
    evalSize: valid.value.evalSize || 1000,
    reportEvery: positiveInt('report-every', text('report-every'), 25)!,
    evalEvery: positiveInt('eval-every', text('eval-every'), undefined),
    out,
    centersAtMeans: values['centers-at-means'] === true,
    data,
  };
}
