import type { Actions } from '../bridge';
import type { AppStore } from '../store/appStore';
import { dismissNotice, useApp } from '../store/appStore';

export function Notices({ store, actions }: { store: AppStore; actions: Actions }) {
  const notices = useApp(store, (s) => s.notices);
  const announcement = useApp(store, (s) => s.announcement);
  const errors = notices.filter((n) => n.kind === 'error');
  const others = notices.filter((n) => n.kind !== 'error');
  return (
    <>
      <div className="sr-only" aria-live="polite" data-testid="announcer">
        {announcement}
      </div>
      {errors.length > 0 && (
        <div className="banner error" role="alert" data-testid="error-banner">
          {errors.map((n) => (
            <p key={n.id}>
              {n.message}
              {n.restore && (
                <button type="button" onClick={() => actions.restore()}>
                  Restore
                </button>
              )}
              <button type="button" className="dismiss" aria-label="Dismiss this message" onClick={() => dismissNotice(store, n.id)}>
                ×
              </button>
            </p>
          ))}
        </div>
      )}
      {others.length > 0 && (
        <div className="banner info" role="status" data-testid="notice-banner">
          {others.map((n) => (
            <p key={n.id}>
              {n.message}
              <button type="button" className="dismiss" aria-label="Dismiss this message" onClick={() => dismissNotice(store, n.id)}>
                ×
              </button>
            </p>
          ))}
        </div>
      )}
    </>
  );
}
