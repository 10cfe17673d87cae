// A finding's fix as minimal edits of the text the user is looking at, so an editor can apply it as a
// code action without reformatting the rest of the document.
import { modify, type EditResult } from 'jsonc-parser';
import { parseJsonSource } from '../model/json-source';
import { parsePointer } from '../model/pointer';
import type { Fix, TextEdit } from '../validate/finding';

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.content + out.slice(e.offset + e.length);
  return out;
}

const pathOf = (pointer: string) => parsePointer(pointer).map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/** Text edits for `fix` against `text`; undefined when the fix cannot be expressed on this text. */
export function fixToTextEdits(text: string, fix: Fix): TextEdit[] | undefined {
  if (fix.edits) return fix.edits;
  if (!fix.patch) return undefined;
  let current = text;
  // Apply operation by operation, each against the text the previous one produced, then diff once.
  for (const op of fix.patch) {
    let edits: EditResult;
    if (op.op === 'rename') {
      const keyRange = parseJsonSource(current).locate(op.path, 'key');
      if (!keyRange) return undefined;
      edits = [{ offset: keyRange.start, length: keyRange.end - keyRange.start, content: JSON.stringify(op.key) }];
    } else if (op.path === '') {
      if (op.op === 'remove') return undefined;
      edits = [{ offset: 0, length: current.length, content: JSON.stringify(op.value, null, 2) + '\n' }];
    } else {
      const isArrayInsert = op.op === 'add' && /\/(\d+|-)$/.test(op.path);
      edits = modify(current, pathOf(op.path), op.op === 'remove' ? undefined : op.value, { ...FORMAT, isArrayInsertion: isArrayInsert });
    }
    current = applyEdits(current, edits);
  }
  return [minimalEdit(text, current)];
}

/** The one edit that turns `before` into `after`: their common prefix and suffix stay untouched. */
export function minimalEdit(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endOld = before.length;
  let endNew = after.length;
  while (endOld > start && endNew > start && before[endOld - 1] === after[endNew - 1]) {
    endOld--;
    endNew--;
  }
  return { offset: start, length: endOld - start, content: after.slice(start, endNew) };
}

export { applyEdits as applyTextEdits };
