import type { Actions } from '../bridge';
import { useApp, type AppStore } from '../store/appStore';

const clock = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An earlier visit's run, kept by the autosave: resume it where it stopped, or start fresh (Train does too). */
export function ResumeOffer({ store, actions }: { store: AppStore; actions: Actions }) {
  const offer = useApp(store, (s) => s.resumeOffer);
  if (!offer) return null;
  return (
    <div className="banner resume" role="region" aria-label="Saved run" data-testid="resume-run">
      <p>
        <strong>A saved run can go on where it stopped:</strong> {offer.summary}, saved {clock(offer.savedAt)}.
        <button type="button" className="primary" data-testid="resume-saved" onClick={() => actions.resumeSaved()}>
          Resume step {offer.step}
        </button>
        <button type="button" data-testid="discard-saved" onClick={() => actions.discardSaved()}>
          Start fresh
        </button>
      </p>
    </div>
  );
}
