import type { Actions } from '../bridge';
import type { AppStore } from '../store/appStore';
import { useApp } from '../store/appStore';
import { ResumeOffer } from './ResumeOffer';

/** A resume offer, one error banner at most (the newest, see notices.ts), then the info notices; each dismissible. */
export function Notices({ store, actions }: { store: AppStore; actions: Actions }) {
  const notices = useApp(store, (s) => s.notices);
  const announcement = useApp(store, (s) => s.announcement);
  const error = notices.find((n) => n.kind === 'error');
  const others = notices.filter((n) => n.kind !== 'error');
  return (
    <>
      <div className="sr-only" aria-live="polite" data-testid="announcer">
        {announcement}
      </div>
      <ResumeOffer store={store} actions={actions} />
      {error && (
        <div className="banner error" role="alert" data-testid="error-banner">
          <p key={error.id}>
            {error.message}
            {error.restore && (
              <button type="button" onClick={() => actions.restore()}>
                Restore
              </button>
            )}
            <button type="button" className="dismiss" data-testid="dismiss-error" aria-label="Dismiss this message" onClick={() => actions.dismiss(error.id)}>
              ×
            </button>
          </p>
          {error.detail && (
            <details className="error-detail" data-testid="error-detail">
              <summary>Technical detail</summary>
              <code>{error.detail}</code>
            </details>
          )}
        </div>
      )}
      {others.length > 0 && (
        <div className="banner info" role="status" data-testid="notice-banner">
          {others.map((n) => (
            <p key={n.id}>
              <span className="notice-text">
                {n.message}
                {n.detail && (
                  <details className="notice-detail" data-testid="notice-detail">
                    <summary>Details</summary>
                    <span className="notice-detail-text">{n.detail}</span>
                  </details>
                )}
              </span>
              <button type="button" className="dismiss" aria-label="Dismiss this message" onClick={() => actions.dismiss(n.id)}>
                ×
              </button>
            </p>
          ))}
        </div>
      )}
    </>
  );
}
