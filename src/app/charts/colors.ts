/** Ten colour-blind-safe class colours: Okabe-Ito's seven, then black, grey and Tol's wine. */
export const CLASS_COLORS = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#000000', '#999999', '#882255'] as const;

export const classColor = (k: number): string => CLASS_COLORS[k % CLASS_COLORS.length]!;
