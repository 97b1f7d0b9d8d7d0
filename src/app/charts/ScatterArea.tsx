/** The scatter(s) with one legend: one panel per run, linked zoom, one shared scale on request. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { frozenRun, startsFromSoftmax } from '../../ml/config';
import type { Actions } from '../bridge';
import { drawnPhase, heldOutNote, lambdaAt, ratioCaveat, replayedPhase, shownSnapshots, snapshotMetrics, statsLine, type PhaseMemory } from '../panels/panelFigures';
import { frozenWords } from '../panels/frozenNote';
import { lambdaNote, quickLessonWords } from '../panels/lambdaNote';
import { lookFor } from '../panels/lookFor';
import { phaseCaption } from '../panels/phaseCaptions';
import { describeRuns } from '../runs';
import type { AppStore, ScatterOptions, ScatterPoints } from '../store/appStore';
import { useApp } from '../store/appStore';
import { viewOf, type Views } from '../views';
import { classShape, discLabels, swatchBackground } from './classMarks';
import { classColor, HELD_OUT_SWATCH_BACKGROUND } from './colors';
import { className, isDigitSet, itemWord, specOf } from '../store/datasetOf';
import { DEFAULT_SCATTER_STYLE, PRESENTATION_SCATTER_STYLE } from './scatterDraw';
import { ScatterView } from './ScatterView';
import { gridColumns, relativeSpread, snapshotSpread, unionDomain, type Domain } from './spread';
import { useSnapshotVersion } from './useSnapshotVersion';
import { LIVE_WINDOW } from '../store/live';
import { createZoomLink, isIdentity } from './zoomLink';
import { createOrbitLink, FITTED_ORBIT, sameOrbit } from './orbit';
import { fittedDomain } from './viewColumns';
import { LOSSES } from '../../ml/losses/registry';
import { openSetScoreOf } from '../../ml/opensetScore';
import { openSetDrawnWords } from '../panels/openSetWords';
import { hyperFor, isSoftmaxRun } from '../../workers/runs';
import { angularCaption } from '../panels/lossWords';
import { panelAngles } from './panelAngles';
import { angularViewOf } from './angularView';

/** Presentation type follows the screen: 1.25% of its width (24 px at 1920), at least 16 px. */
export const presentPx = (viewportWidth: number): number => Math.max(16, Math.round(viewportWidth * 0.0125));

function useViewportWidth(): number {
  const [w, setW] = useState(() => window.innerWidth);
  useEffect(() => {
    const on = () => setW(window.innerWidth);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return w;
}

const capital = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);

export function ScatterArea({ store, views, present = false, actions }: { store: AppStore; views: Views; present?: boolean; actions?: Actions }) {
  const runs = useApp(store, (s) => s.runs);
  const config = useApp(store, (s) => s.config);
  const generation = useApp(store, (s) => s.generation);
  const variant = useApp(store, (s) => s.backend?.variant);
  const heldOut = config.heldOutClass;
  const spec = useApp(store, (s) => specOf(s));
  const items = itemWord(spec);
  const discs = useMemo(() => discLabels(spec.classNames), [spec.classNames]);
  const openSetScale = useApp(store, (s) => s.openSetScale);
  const probe = useApp(store, (s) => s.probe);
  const replayStep = useApp(store, (s) => s.replayStep);
  // A string (or null): the page redraws when the note changes, not at every step.
  const note = useApp(store, (s) => (s.replayStep === null ? lambdaNote(views.markers.items, s.step) : null));
  const { isolated, autoFit, sameScale, points, rays, unit } = useApp(store, (s) => s.scatter);
  const setScatter = (patch: Partial<ScatterOptions>) => actions?.setScatter(patch);
  const [zoomed, setZoomed] = useState(false);
  const [turned, setTurned] = useState(false);
  const orbit = useMemo(() => createOrbitLink(), []);
  const dim = config.featDim;
  const viewportWidth = useViewportWidth();
  const zoom = useMemo(() => createZoomLink(), []);
  const panels = describeRuns(runs);
  const anyAngular = runs.some((r) => LOSSES[r.loss].angular);
  const noCenters = runs.some((r) => !LOSSES[r.loss].usesCenters);
  // A loss that does not train with a 2-D feature: said above the panels, with 3-D as the way out.
  const no2D = dim === 2 ? [...new Set(runs.filter((r) => !LOSSES[r.loss].trainsIn2D).map((r) => LOSSES[r.loss].label))] : [];
  const multi = panels.length > 1;
  const ids = runs.map((r) => r.id).join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const embeddings = useMemo(() => runs.map((r) => viewOf(views, r.id).embedding), [ids, views]);
  useSnapshotVersion(embeddings);
  // A new model starts its captions afresh.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const phases = useMemo((): PhaseMemory => new Map(), [generation, ids]);

  useEffect(() => zoom.subscribe((t) => setZoomed(!isIdentity(t))), [zoom]);
  useEffect(() => orbit.subscribe((o) => setTurned(!sameOrbit(o, FITTED_ORBIT))), [orbit]);
  // A new model (reset, import, a new setting, a fallback) starts from the fitted view (auto-fit: reduce.ts).
  useEffect(() => {
    zoom.reset();
    orbit.reset();
  }, [generation, zoom, orbit]);

  const shared = useCallback((): Domain | null => {
    const ds = embeddings.flatMap((e) => (e.current ? [fittedDomain(e.dim, e.current.features, e.current.centers, heldOut)] : []));
    return ds.length === embeddings.length ? unionDomain(ds) : null;
  }, [embeddings, heldOut]);
  const sharedDomain = multi && sameScale ? shared : null;

  // Stats, spread ratios and replayed captions from the snapshots drawn: every run at one step.
  const shown = shownSnapshots(embeddings, replayStep, runs.map((_, k) => frozenRun(config, k)));
  const spreads = shown.map((snap) => (snap ? snapshotSpread(snap.features, dim) : NaN));
  const labels = embeddings[0]?.evalSet?.labels ?? null;
  const figures = shown.map((snap) => (snap && labels ? snapshotMetrics(snap, labels, heldOut) : null));
  const n = labels?.length ?? 0;
  const style = present ? PRESENTATION_SCATTER_STYLE : DEFAULT_SCATTER_STYLE;
  const pick = useMemo(() => {
    if (!actions) return undefined;
    return (index: number) => {
      const set = embeddings[0]?.evalSet;
      if (set) actions.pickTestDigit(set.pixels.slice(index * 784, (index + 1) * 784));
    };
  }, [actions, embeddings]);

  return (
    <figure className="scatter-figure" data-testid="scatter-area">
      <div className="scatter-tools">
        <div className="legend" role="group" aria-label="Classes: click to isolate one">
          {spec.classNames.map((name, k) => (
            <button
              key={k}
              type="button"
              className="legend-item"
              aria-pressed={isolated === k}
              onClick={() => setScatter({ isolated: isolated === k ? null : k })}
              title={isolated === k ? 'Show every class' : `Show only ${className(spec, k)}`}
            >
              <span className={k === heldOut ? 'swatch held-out' : 'swatch'} style={{ background: k === heldOut ? HELD_OUT_SWATCH_BACKGROUND : classShape(k) === 'circle' ? classColor(k) : swatchBackground(classShape(k), classColor(k)) }} />
              {name}
              {k === heldOut && <span className="sr-only"> (held out of training)</span>}
            </button>
          ))}
        </div>
        <div className="scatter-switches">
          <label className="check" title="Live: the training digits of the last steps, as the network saw them while it trained. Test: digits it never trains on, embedded every few seconds">
            Show{' '}
            <select data-testid="scatter-points" value={points} onChange={(e) => setScatter({ points: e.target.value as ScatterPoints })}>
              <option value="train">training {items} (live)</option>
              <option value="test">test {items}</option>
            </select>
          </label>
          {multi && (
            <label className="check" title="One scale for every panel: their sizes compare directly">
              <input type="checkbox" data-testid="same-scale" checked={sameScale} onChange={(e) => setScatter({ sameScale: e.target.checked })} /> Same scale
            </label>
          )}
          {anyAngular && (
            <>
              <label className="check" title="Each class's weight vector (fc2's normalised row) as a ray from the origin, its margin as a wedge around it">
                <input type="checkbox" data-testid="show-rays" checked={rays} onChange={(e) => setScatter({ rays: e.target.checked })} /> Class rays
              </label>
              <label className="check" title={`Every feature scaled to length 1: on the unit ${dim === 3 ? 'sphere' : 'circle'} only its direction remains, which is all an angular loss trains`}>
                <input type="checkbox" data-testid="unit-features" checked={unit} onChange={(e) => setScatter({ unit: e.target.checked })} /> Unit {dim === 3 ? 'sphere' : 'circle'}
              </label>
            </>
          )}
          <label className="check" title="Follow the data as it moves; off, the axes stay where they are">
            <input type="checkbox" checked={autoFit} onChange={(e) => setScatter({ autoFit: e.target.checked })} /> Auto-fit axes
          </label>
          {dim === 3 ? (
            <button
              type="button"
              className="small-button"
              data-testid="view-reset"
              disabled={!zoomed && !turned}
              onClick={() => {
                zoom.reset();
                orbit.reset();
              }}
              title="Back to the fitted view: unturned and unzoomed (or press Home on the plot)"
            >
              Reset view
            </button>
          ) : (
            <button type="button" className="small-button" data-testid="zoom-reset" disabled={!zoomed} onClick={() => zoom.reset()} title="Back to the fitted view (or double-click the plot)">
              Reset zoom
            </button>
          )}
        </div>
      </div>
      {startsFromSoftmax(config) && (
        <p className="quick-note" data-testid="quick-note">
          <b>Quick lesson.</b> Every panel starts from the same network, already trained with softmax alone, so the {items} already separate by angle (spokes).{' '}
          {quickLessonWords(runs, frozenRun(config, 0))} {frozenWords(config.hyper.frozenStages ?? 0)}
        </p>
      )}
      {note && (
        <p className="quick-note" data-testid="lambda-note" aria-live="polite">
          {note}
        </p>
      )}
      {no2D.length > 0 && (
        <p className="quick-note" role="note" data-testid="no-2d-note">
          <b>{no2D.join(' and ')} {no2D.length > 1 ? 'do' : 'does'} not train with a 2-D feature:</b> with only two dimensions the classes cannot all keep a margin of angle from each other, and training stalls. Choose 3-D features (featDim=3), the default for {no2D.length > 1 ? 'these losses' : 'this loss'}.
        </p>
      )}
      {!present && (
        <p className="look-for-line" data-testid="look-for">
          <b>Look for:</b> {lookFor(panels, heldOut, spec)}
        </p>
      )}
      <div
        className={multi ? 'scatter-grid' : 'scatter-single'}
        // Each cell spans four rows (title, stats, plot, caption) shared through subgrid: the plots line up whatever the text wraps to.
        style={multi ? { ['--rows' as string]: Math.ceil(panels.length / gridColumns(panels.length, present)), gridTemplateColumns: `repeat(${gridColumns(panels.length, present)}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${Math.ceil(panels.length / gridColumns(panels.length, present))}, auto auto minmax(0, 1fr) auto)` } : undefined}
      >
        {panels.map((p, i) => {
          const m = figures[i] ?? null;
          const ref = panels[0]!;
          // Against the first run (the softmax-only reference in compare mode); a pair also says it the other way round.
          const rel = i > 0 ? relativeSpread(spreads[i]!, spreads[0]!, ref.name) : panels.length === 2 ? relativeSpread(spreads[0]!, spreads[1]!, panels[1]!.name) : null;
          // The caption describes the snapshot drawn (live or replayed), from its figures as the stats line, with the λ the run had then
          // and against the softmax-only twin's figures at that step; none without a snapshot.
          const at = shown[i]?.step;
          const twin = figures[runs.findIndex((q, j) => j !== i && isSoftmaxRun(q))]?.withinOverBetween ?? null;
          const lambdaThen = at === undefined ? p.lambda : lambdaAt(viewOf(views, p.id).series, at, p.lambda);
          const phase = !m || at === undefined ? null : replayStep === null ? drawnPhase(phases, p.id, m, lambdaThen, at, twin) : replayedPhase(m, lambdaThen, at, twin);
          const info = runs.find((r) => r.id === p.id) ?? runs[i]!;
          const head = LOSSES[info.loss];
          const hyper = hyperFor(info, config.hyper);
          const margin = head.marginAt(hyper, at ?? 0);
          const angles = head.angular && shown[i] && labels ? panelAngles(shown[i]!, viewOf(views, p.id).embedding, labels, dim, heldOut, margin) : null;
          return (
            <div key={p.id} className="scatter-cell" data-testid="scatter-panel">
              <h3 className="scatter-title">
                {p.title}
                {frozenRun(config, i) && <span data-testid="frozen-note">: the start, not trained further</span>}
              </h3>
              <p className="scatter-stats" data-testid="panel-stats" data-step={shown[i]?.step ?? ''} title={[heldOutNote(m, spec), ratioCaveat(spec)].filter(Boolean).join(' ')}>
                {statsLine(m, spec)}
                {rel && (
                  <>
                    {' · '}
                    <b data-testid="relative-spread">{rel}</b>
                  </>
                )}
              </p>
              <ScatterView
                embedding={viewOf(views, p.id).embedding}
                heldOut={heldOut}
                discLabels={discs}
                classNames={spec.classNames}
                isolated={isolated}
                autoFit={autoFit}
                zoom={zoom}
                orbit={orbit}
                turnable={dim === 3}
                testId={p.testId}
                sharedDomain={sharedDomain}
                style={style}
                axisFontPx={present ? presentPx(viewportWidth) : 12}
                run={p.id}
                lambda={p.lambda}
                ringScale={heldOut !== null ? openSetScale : null}
                ringScore={openSetScoreOf(head)}
                probe={probe?.results.find((r) => r.run === p.id)?.feature ?? null}
                replayStep={replayStep}
                onPick={pick}
                points={points}
                testAccuracy={m?.testAccuracy ?? null}
                testIntraRatio={m?.intraOverInterMin ?? null}
                metricsStep={shown[i]?.step ?? null}
                testElongation={m?.elongation ?? null}
                testWithinBetween={m?.withinOverBetween ?? null}
                loss={info.loss}
                angular={head.angular || unit ? angularViewOf(rays, unit, head.angular ? margin : null) : null}
                label={`Scatter of the ${dim}-D deep features of ${n} test ${items}, ${p.title}${variant ? `, ${variant} model` : ''}`}
              />
              {head.angular ? (
                <p className="phase-caption" data-testid="phase-caption" data-loss={info.loss} aria-live="polite">
                  {angularCaption(info.loss, angles, isDigitSet(spec) ? 'digit' : 'class')}
                </p>
              ) : phase && (
                <p className="phase-caption" data-testid="phase-caption" data-phase={phase} data-replay={replayStep === null ? 'off' : 'on'} data-elongation={m?.elongation} data-within-between={m?.withinOverBetween} data-step={at} aria-live="polite">
                  {phaseCaption(phase, isDigitSet(spec))}
                </p>
              )}
            </div>
          );
        })}
      </div>
      {!present && (
        <figcaption>
          {[
            `Deep features (fc1 + PReLU, ${dim}-D) of ${points === 'train' ? `the last ${LIVE_WINDOW} training ${items}, live (${n} test ${items} before training and in replay)` : `${n} test ${items}`}; large discs are the class centers${noCenters ? ' (the class means, for a loss that keeps none)' : ''}, with a tail of their recent movement.`,
            heldOut !== null ? `${capital(className(spec, heldOut))} is held out of training: its points are drawn as black × marks, and it has no center.` : '',
            heldOut !== null ? (heldOutNote(figures[0] ?? null, spec) ?? '') : '',
            heldOut !== null ? openSetDrawnWords(runs.map((r) => openSetScoreOf(LOSSES[r.loss])), dim) : '',
            `${dim === 3 ? 'The features are 3-D: drag (or the arrow keys) to turn the view, scroll to zoom; the key at the bottom left shows the feature axes f1-f3; double-click to reset the zoom' : 'Scroll to zoom, drag to pan, double-click to reset'}${multi ? ' (all views follow)' : ''}.`,
          ]
            .filter(Boolean)
            .join(' ')}
          {multi && <span data-testid="ratio-caveat"> {ratioCaveat(spec)}</span>}
        </figcaption>
      )}
    </figure>
  );
}
