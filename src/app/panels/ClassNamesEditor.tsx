/** Names for the classes of a set the page does not know ("class 0", "class 1" … until the user names them). */
import { useId, useState } from 'react';
import type { Actions } from '../bridge';
import type { AppStore } from '../store/appStore';
import { useApp } from '../store/appStore';
import { specOf } from '../store/datasetOf';
import { parseClassNames } from './datasetWords';

export function ClassNamesEditor({ store, actions }: { store: AppStore; actions: Actions }) {
  const names = useApp(store, (s) => specOf(s).classNames);
  const id = useId();
  const [text, setText] = useState(names.join('\n'));
  const [error, setError] = useState<string | null>(null);
  // New names from the worker (applied, or another set) replace the text; the panel stays open.
  const [shown, setShown] = useState(names);
  if (shown !== names) {
    setShown(names);
    setText(names.join('\n'));
  }
  const apply = () => {
    const r = parseClassNames(text, names.length);
    setError(r.ok ? null : r.error);
    if (r.ok) actions.setClassNames(r.names);
  };
  return (
    <details className="class-names" data-testid="class-names">
      <summary>Name the {names.length} classes</summary>
      <label htmlFor={id} className="small">
        One name a line, in label order (0 first):
      </label>
      <textarea id={id} data-testid="class-names-input" rows={Math.min(10, names.length)} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      <button type="button" className="small-button" data-testid="class-names-apply" onClick={apply}>
        Apply names
      </button>
      {error && (
        <p className="data-error small" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}
