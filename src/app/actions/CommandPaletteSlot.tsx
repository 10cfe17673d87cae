// The command palette's place in the workbench. Its code is a chunk of its own, fetched when the browser is
// idle after the load; a quick hand or a slow network can open it first. Until the code arrives a stand-in
// of the same look takes the keys and the palette starts from them: nothing typed is lost, and nothing runs
// unseen (Enter waits for the list).
import { Suspense, useState } from 'react';
import { Search } from 'lucide-react';
import { CommandPalette } from '../later';
import { PaletteFrame } from './PaletteFrame';

export function CommandPaletteSlot({ onClose }: { onClose: () => void }) {
  const [typed, setTyped] = useState('');
  // Where the focus was before the palette opened (the stand-in takes it first), to go back to on closing.
  const [previous] = useState(() => document.activeElement as HTMLElement | null);
  return (
    <Suspense fallback={<StandIn value={typed} onChange={setTyped} onClose={onClose} previous={previous} />}>
      <CommandPalette onClose={onClose} initialSearch={typed} previousFocus={previous} />
    </Suspense>
  );
}

function StandIn({ value, onChange, onClose, previous }: { value: string; onChange: (v: string) => void; onClose: () => void; previous: HTMLElement | null }) {
  const close = () => {
    onClose();
    previous?.focus?.();
  };
  return (
    <PaletteFrame onClose={close} testId="command-palette-loading" busy>
      <div className="cmd-input-row">
        <Search aria-hidden="true" size={16} />
        <input autoFocus value={value} onChange={(e) => onChange(e.target.value)} placeholder="Type a command: add, export, theme, undo…" className="cmd-input" aria-label="Search commands" />
      </div>
      <p className="cmd-empty" role="status">
        Loading the commands…
      </p>
    </PaletteFrame>
  );
}
