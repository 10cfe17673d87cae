// Import: any text (file, drop, paste) through the core's one config reader. Nothing changes unless a
// conflist comes out; syntax problems that were tolerated (comments, trailing commas) are reported.
import { MAX_SOURCE_CHARS, sizeProblem, textProblem, type Finding, type JsonObject } from '../../core';
import { loadValidator, validatorNow } from '../validator';
import { withRetries } from '../retry';

export type ImportResult =
  | {
      ok: true;
      doc: JsonObject;
      fileName?: string;
      notes: Finding[];
      summary: string;
      /** The text holds several configurations (a NAD List): which one was read, and how to read another. */
      choice?: { choices: { index: number; label: string }[]; index: number; pick: (index: number) => ImportResult };
    }
  | { ok: false; reason: string };

let reader: typeof import('./import-text') | undefined;

/** Loads the validator and the import's reader ahead of use (App does at the first idle moment). */
export const prepareImport = (): Promise<unknown> => Promise.all([loadValidator(), withRetries(() => import('./import-text')).then((m) => (reader = m))]);

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
  // Decoded strictly: bytes that are not UTF-8 are refused, while a U+FFFD typed or pasted is just text.
  // A BOM is kept (ignoreBOM): libcni refuses a JSON file that has one, and the import notes say so.
  const bytes = await file.arrayBuffer();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const why = textProblem(new TextDecoder('utf-8').decode(bytes)) ?? 'it is not UTF-8 text';
    return { ok: false, reason: `${file.name} cannot be imported: ${why}. Nothing was changed.` };
  }
  return importText(text, file.name);
}
