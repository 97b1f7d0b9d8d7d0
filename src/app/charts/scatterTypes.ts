/** The shapes shared by the scatter's draw functions (their own file, so none of them imports another in a circle). */

export interface ScatterScales {
  x: (v: number) => number;
  y: (v: number) => number;
}

/** The plot area inside the axes, CSS px. */
export interface PlotRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface ScatterStyle {
  /** Radius of a point (a disc), CSS px. */
  pointRadius: number;
  /** Half-side of the squares drawn past DENSE_POINTS points; pointRadius when absent. */
  densePointRadius?: number;
  /** Radius of a center's disc, CSS px. */
  centerRadius: number;
  /** Font size of the digit on a center's disc, CSS px. */
  labelPx: number;
}
