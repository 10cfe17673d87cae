// Import by file picker or paste (dropping a file anywhere on the window works too, see App).
import { useRef, useState } from 'react';
import { CONFIG_FILE_ACCEPT } from '../../core';
import { Dialog } from './Dialog';

export function ImportDialog({ onText, onFiles, onClose }: { onText: (text: string) => void; onFiles: (files: File[]) => void; onClose: () => void }) {
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement | null>(null);
  return (
    <Dialog title="Import a configuration" onClose={onClose} testId="import-dialog" wide>
      <p>A .conflist, a .conf (wrapped into a list as runtimes do), a .json, or NetworkAttachmentDefinition YAML. Choose several files or a folder (a copy of /etc/cni/net.d, with its network folders) to see what a runtime does with them. You can also drop files or a folder anywhere on the window.</p>
      <p>
        <button onClick={() => input.current?.click()}>Choose files…</button>{' '}
        <button onClick={() => folder.current?.click()}>Choose a folder…</button>
        <input
          ref={input}
          type="file"
          hidden
          data-testid="import-file"
          multiple
          accept={`${CONFIG_FILE_ACCEPT},application/json,text/yaml`}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            if (files.length) onFiles(files);
            e.target.value = '';
          }}
        />
        <input
          ref={(el) => {
            // A folder picker: React has no prop for it; each chosen file carries its path in the folder.
            el?.setAttribute('webkitdirectory', '');
            folder.current = el;
          }}
          type="file"
          hidden
          data-testid="import-folder"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            if (files.length) onFiles(files);
            e.target.value = '';
          }}
        />
      </p>
      <label htmlFor="import-text">Or paste it here</label>
      <textarea id="import-text" data-testid="import-text" rows={14} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      <div className="dialog-buttons">
        <button className="primary" disabled={text.trim() === ''} onClick={() => onText(text)}>
          Import
        </button>
      </div>
    </Dialog>
  );
}

/** A file holding several configurations (a `kubectl get net-attach-def -A -o yaml` List): which one to open. */
export function ImportChoice({ fileName, choices, skipped, onPick, onClose }: { fileName: string | undefined; choices: { index: number; label: string }[]; skipped: { label: string; why: string }[]; onPick: (index: number) => void; onClose: () => void }) {
  return (
    <Dialog title="Which configuration to open?" onClose={onClose} testId="import-choice">
      <p>
        {fileName ?? 'The pasted text'} holds {choices.length} configurations. The app edits one network at a time: choose the one to open (import the file again for another).
      </p>
      <ul className="choice-list">
        {choices.map((c) => (
          <li key={c.index}>
            <button onClick={() => onPick(c.index)} data-testid="import-choice-item">
              {c.label}
            </button>
          </li>
        ))}
      </ul>
      {skipped.length > 0 && (
        <div className="choice-skipped" data-testid="import-choice-skipped">
          <p>Not offered, as {skipped.length === 1 ? 'it holds' : 'they hold'} no configuration to open:</p>
          <ul>
            {skipped.map((k, i) => (
              <li key={i}>
                <strong>{k.label}</strong>: {k.why}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Dialog>
  );
}
