/** The timeline: replay the scatters at any earlier snapshot, and export the replay as GIF or WebM for a slide. */
import { useId, useMemo, useState } from 'react';
import type { Actions } from '../bridge';
import { encodeGif } from '../charts/gif';
import { drawReplayFrame, encodeWebm, probeWebm, replaySteps, webmMissing, webmSupportAtStart, type ReplayRun, type WebmSupport } from '../charts/replayExport';
import { SLIDE } from '../charts/slide';
import { useSnapshotVersion } from '../charts/useSnapshotVersion';
import { downloadBlob } from '../download';
import { describeRuns } from '../runs';
import { useApp, type AppStore } from '../store/appStore';
import { indexAt } from '../store/history';
import { specOf } from '../store/datasetOf';
import { viewOf, type Views } from '../views';

type Busy = 'gif' | 'webm' | null;

export function ReplayPanel({ store, views, actions }: { store: AppStore; views: Views; actions: Actions }) {
  const runs = useApp(store, (s) => s.runs);
  const replayStep = useApp(store, (s) => s.replayStep);
  const heldOut = useApp(store, (s) => s.config.heldOutClass);
  const spec = useApp(store, (s) => specOf(s));
  const config = useApp(store, (s) => s.config);
  const variant = useApp(store, (s) => s.backend?.variant);
  const ids = runs.map((r) => r.id).join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const embeddings = useMemo(() => runs.map((r) => viewOf(views, r.id).embedding), [ids, views]);
  useSnapshotVersion(embeddings);
  const [busy, setBusy] = useState<Busy>(null);
  // Probed on the first WebM export, never at start-up: asking brings up the media stack.
  const [webm, setWebm] = useState<WebmSupport>(() => webmSupportAtStart());
  const [note, setNote] = useState('');
  const sliderId = useId();

  const snaps = embeddings[0]?.history.snaps ?? [];
  const last = snaps.length - 1;
  const index = replayStep === null ? last : indexAt(snaps, replayStep);
  const live = replayStep === null;
  const shownStep = snaps[index]?.step;
  // Live follows training: the header's step (the scatter redraws at most twice a second, so its snapshot may trail it).
  const trainedStep = useApp(store, (s) => s.step);

  const replayRuns = (): ReplayRun[] =>
    describeRuns(runs).map((d) => {
      const e = viewOf(views, d.id).embedding;
      return { title: d.title, name: d.name, snaps: [...e.history.snaps], labels: e.evalSet?.labels ?? new Uint8Array(0) };
    });
  const subtitle = `${spec.name} · ${config.preset} preset · seed ${config.seed} · ${variant ?? ''} model · batch ${config.hyper.batchSize}`;

  const exportAs = async (kind: 'gif' | 'webm') => {
    const rs = replayRuns();
    const steps = replaySteps(rs);
    if (!steps.length) return;
    if (kind === 'webm' && webm !== 'yes') {
      const support = await probeWebm().catch((): WebmSupport => 'no-vp8');
      setWebm(support);
      if (support !== 'yes') return setNote(webmMissing[support === 'unknown' ? 'no-vp8' : support]);
    }
    setBusy(kind);
    setNote(`Encoding ${steps.length} frames…`);
    // A paint before the long encode, so the note shows.
    await new Promise((r) => setTimeout(r, 30));
    try {
      const out = document.createElement('canvas');
      const panels = rs.map(() => document.createElement('canvas'));
      const info = { heldOut, subtitle, sameScale: store.getState().scatter.sameScale, classNames: spec.classNames, dim: store.getState().config.featDim };
      const t0 = performance.now();
      let bytes: Uint8Array;
      if (kind === 'gif') {
        const frames = steps.map((step) => {
          drawReplayFrame(out, panels, rs, step, info);
          return out.getContext('2d')!.getImageData(0, 0, SLIDE.width, SLIDE.height).data;
        });
        bytes = encodeGif(frames, SLIDE.width, SLIDE.height);
      } else {
        bytes = await encodeWebm(out, steps.length, (i) => drawReplayFrame(out, panels, rs, steps[i]!, info));
      }
      const name = `center-loss-lab-replay-step${steps[0]}-${steps[steps.length - 1]}.${kind}`;
      downloadBlob(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: kind === 'gif' ? 'image/gif' : 'video/webm' }), name);
      setNote(`${name}: ${steps.length} frames, ${SLIDE.width}×${SLIDE.height}, ${(bytes.length / 1e6).toFixed(2)} MB, encoded in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
    } catch (e) {
      actions.notify('error', `The ${kind.toUpperCase()} export failed: ${e instanceof Error ? e.message : String(e)}`);
      setNote('');
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="panel replay" aria-labelledby="replay-h">
      <h2 id="replay-h">Replay</h2>
      <div className="field replay-row">
        <label htmlFor={sliderId} data-testid="timeline-label" title={live && shownStep !== undefined && shownStep !== trainedStep ? `The scatter shows the snapshot of step ${shownStep}; a new one is drawn up to twice a second.` : undefined}>
          {live ? `Live (step ${trainedStep})` : `Replaying step ${shownStep} of ${snaps[last]?.step ?? '–'}`}
        </label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={Math.max(0, last)}
          step={1}
          value={Math.max(0, index)}
          disabled={snaps.length < 2}
          data-testid="timeline"
          data-step={shownStep ?? ''}
          data-snapshots={snaps.length}
          aria-valuetext={live ? `live, step ${trainedStep}` : `step ${shownStep}`}
          onChange={(e) => {
            const i = Number(e.target.value);
            actions.setReplayStep(i >= last ? null : snaps[i]!.step);
          }}
        />
        <button type="button" className="small-button" data-testid="timeline-live" disabled={live} onClick={() => actions.setReplayStep(null)}>
          Live
        </button>
      </div>
      <div className="replay-row">
        <button type="button" className="small-button" data-testid="export-gif" disabled={busy !== null || snaps.length < 2} onClick={() => void exportAs('gif')}>
          Export GIF
        </button>
        <button
          type="button"
          className="small-button"
          data-testid="export-webm"
          disabled={busy !== null || snaps.length < 2 || (webm !== 'yes' && webm !== 'unknown')}
          data-support={webm}
          title={webm === 'yes' || webm === 'unknown' ? undefined : webmMissing[webm]}
          onClick={() => void exportAs('webm')}
        >
          {webm === 'yes' || webm === 'unknown' ? 'Export WebM' : 'WebM: not in this browser'}
        </button>
        <span className="small" data-testid="replay-note" role="status">
          {note || `${snaps.length} snapshots kept (at most 160, thinned evenly as training goes on); ${SLIDE.width}×${SLIDE.height}, with λ, step and legend.`}
        </span>
      </div>
    </section>
  );
}
