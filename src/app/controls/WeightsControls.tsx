import { useId, useState } from 'react';
import type { Actions } from '../bridge';
import { downloadBlob } from '../download';

export function WeightsControls({ actions }: { actions: Actions }) {
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  const onExport = async () => {
    setBusy(true);
    try {
      for (const { json, fileName } of await actions.exportWeights()) downloadBlob(new Blob([json], { type: 'application/json' }), fileName);
    } catch (e) {
      actions.notify('error', (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="weights">
      <h3>Weights</h3>
      <div className="buttons">
        <button type="button" data-testid="export-weights" disabled={busy} onClick={() => void onExport()}>
          {busy ? 'Exporting…' : 'Export weights (JSON)'}
        </button>
        <label htmlFor={inputId} className="button-like">
          Load weights…
        </label>
        <input
          id={inputId}
          className="visually-hidden-file"
          type="file"
          accept="application/json,.json"
          data-testid="import-weights"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file, actions);
          }}
        />
      </div>
      <p className="muted small">Or drop a weights file anywhere on the page. PyTorch names and layouts: see the README.</p>
    </div>
  );
}

export async function importFile(file: File, actions: Actions): Promise<void> {
  if (file.size > 200e6) return actions.notify('error', `${file.name} is too large to be a weights file.`);
  actions.importWeights(await file.text());
}
