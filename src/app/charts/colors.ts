/** Ten colour-blind-safe class colours: Okabe-Ito's seven, then black, grey and Tol's wine. */
export const CLASS_COLORS = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#000000', '#999999', '#882255'] as const;

export const classColor = (k: number): string => CLASS_COLORS[k % CLASS_COLORS.length]!;

/** Text colour on a class's fill: white on the dark ones (blue, black, wine), near-black on the rest. */
export const classInk = (k: number): string => {
  const c = k % CLASS_COLORS.length;
  return c === 4 || c === 7 || c === 9 ? '#fff' : '#111';
};

/** The held-out marker is a black × on a white halo: a shape no class's filled dot has, readable on points of any colour. */
export const HELD_OUT_INK = '#000';
export const HELD_OUT_HALO = '#fff';

/** The same × as a CSS background, for a legend swatch (the canvas version is scatterDraw's drawHeldOutMarker). */
export const HELD_OUT_SWATCH_BACKGROUND =
  "center / contain no-repeat url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 12 12'%3E%3Cpath d='M2.5 2.5L9.5 9.5M9.5 2.5L2.5 9.5' stroke='%23fff' stroke-width='4.5' stroke-linecap='round'/%3E%3Cpath d='M2.5 2.5L9.5 9.5M9.5 2.5L2.5 9.5' stroke='%23000' stroke-width='2.2' stroke-linecap='round'/%3E%3C/svg%3E\")";
