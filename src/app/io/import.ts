// Import: any text (file, drop, paste) through the core's one config reader. Nothing changes unless a
// conflist comes out; syntax problems that were tolerated (comments, trailing commas) are reported.
import { MAX_SOURCE_CHARS, notUtf8Finding, sizeProblem, type Finding, type JsonObject, type NadMeta } from '../../core';
import { fileText } from './file-text';
import { loadValidator, validatorNow } from '../validator';
import { importWithRetries } from '../retry';

export type ImportResult =
  | {
      ok: true;
      doc: JsonObject;
      fileName?: string;
      /** The NAD it was read from: its name, namespace and resourceName, kept for a NAD export. */
      nad?: NadMeta;
      notes: Finding[];
      summary: string;
      /** The text holds several configurations (a NAD List): which one was read, and how to read another. */
      choice?: { choices: { index: number; label: string }[]; skipped: { label: string; why: string }[]; index: number; pick: (index: number) => ImportResult };
    }
  | { ok: false; reason: string };

let reader: typeof import('./import-text') | undefined;

/** Loads the validator and the import's reader ahead of use (App does at the first idle moment). */
export const prepareImport = (): Promise<unknown> => Promise.all([loadValidator(), importWithRetries(() => import('./import-text')).then((m) => (reader = m))]);

/**
 * The import's result now, when the validator and the reader are here (a click's result then shows in the
 * same task, as the Import dialog expects), else undefined.
 */
export function importTextNow(text: string, fileName?: string): ImportResult | undefined {
  const validator = validatorNow();
  return validator && reader ? reader.importTextWith(text, validator, fileName) : undefined;
}

/** Text from a file (its name decides how it is read) or pasted (no name: read by its content); waits for the validator. */
export async function importText(text: string, fileName?: string): Promise<ImportResult> {
  try {
    await prepareImport();
  } catch (e) {
    return { ok: false, reason: `Nothing was imported: the checker could not be loaded (${e instanceof Error ? e.message : String(e)}).` };
  }
  return importTextNow(text, fileName)!;
}

export async function importFile(file: File): Promise<ImportResult> {
  // Checked before reading, so a huge file is never loaded into memory.
  if (file.size > MAX_SOURCE_CHARS) return { ok: false, reason: `${file.name}: ${sizeProblem(file.size)}. Nothing was changed.` };
  const read = await fileText(file, file.name);
  if (!read.ok) return { ok: false, reason: `${file.name} cannot be imported: ${read.reason}. Nothing was changed.` };
  const result = await importText(read.text, file.name);
  if (!read.replaced) return result;
  // Bytes that were not UTF-8, read as the runtime reads them: the document holds U+FFFD there, and says so.
  const note = notUtf8Finding(read.text, read.replaced);
  const noted = (r: ImportResult): ImportResult => (r.ok ? { ...r, notes: [note, ...r.notes], ...(r.choice ? { choice: { ...r.choice, pick: (i: number) => noted(r.choice!.pick(i)) } } : {}) } : r);
  return noted(result);
}
