/** Notices as pure state updates: one error at a time (the newest), cleared by the next success. */
import type { AppState, NoticeKind } from './appStore';

type NoticeState = Pick<AppState, 'notices' | 'nextNoticeId'>;

const MAX_OTHERS = 6;

export function withNotice<S extends NoticeState>(s: S, kind: NoticeKind, message: string, restore = false, detail?: string): S {
  const notice = { id: s.nextNoticeId, kind, message, ...(restore ? { restore } : {}), ...(detail ? { detail } : {}) };
  const kept = s.notices.filter((n) => n.message !== message && (kind !== 'error' || n.kind !== 'error'));
  const errors = kept.filter((n) => n.kind === 'error');
  const others = kept.filter((n) => n.kind !== 'error');
  const notices = kind === 'error' ? [...others, notice] : [...errors, ...[...others, notice].slice(-MAX_OTHERS)];
  return { ...s, notices, nextNoticeId: s.nextNoticeId + 1 };
}

/** A success (data loaded, a model ready, a file loaded or saved) makes an earlier error moot. */
export function clearErrors<S extends NoticeState>(s: S): S {
  return s.notices.some((n) => n.kind === 'error') ? { ...s, notices: s.notices.filter((n) => n.kind !== 'error') } : s;
}

export function withoutNotice<S extends NoticeState>(s: S, id: number): S {
  return { ...s, notices: s.notices.filter((n) => n.id !== id) };
}
