// Import: any text (file, drop, paste) through the core's one config reader. Nothing changes unless a
// conflist comes out; syntax problems that were tolerated (comments, trailing commas) are reported.
import { hasPluginList, MAX_SOURCE_CHARS, NAD_KIND, readConfig, textProblem, type Finding, type JsonObject } from '../../core';
import { validator } from '../validator';

export type ImportResult =
  | { ok: true; doc: JsonObject; fileName?: string; notes: Finding[]; summary: string }
  | { ok: false; reason: string };

const describe = (f: Finding) => `${f.line !== undefined ? `line ${f.line}, column ${f.column}: ` : ''}${f.message}`;

/** Text from a file (its name decides how it is read) or pasted (no name: read by its content). */
export function importText(text: string, fileName?: string): ImportResult {
  try {
    return readImport(text, fileName);
  } catch (e) {
    // A defect in reading this input must not take the page down: nothing changes, and the user is told.
    return { ok: false, reason: `Nothing was imported from ${fileName ?? 'the pasted text'}: the app failed reading it (${e instanceof Error ? e.message : String(e)}).` };
  }
}

function readImport(text: string, fileName?: string): ImportResult {
  const read = readConfig(text, fileName, validator);
  if (!read.ok && read.unreadable) return { ok: false, reason: `${fileName ?? 'This input'} cannot be imported: ${read.unreadable}.` };
  if (text.trim() === '') return { ok: false, reason: `${fileName ?? 'The input'} is empty.` };
  if (!read.ok) return { ok: false, reason: `Nothing was imported from ${fileName ?? 'the pasted text'}: ${read.failure ? describe(read.failure) : 'it holds no CNI configuration.'}` };
  const doc = read.document;
  // A single-plugin config is already wrapped into a list: only JSON that is neither is refused.
  if (!hasPluginList(doc)) {
    return { ok: false, reason: `Nothing was imported: ${fileName ?? 'the pasted JSON'} is not a CNI configuration (it has neither a "plugins" list nor a plugin "type").` };
  }
  const what = read.form === 'nad' ? `${NAD_KIND} "${read.label}"` : read.form === 'conf' ? 'single-plugin config (wrapped into a list, as runtimes do)' : 'conflist';
  // Problems the document itself cannot show any more once imported: syntax and file-shape findings.
  const notes = read.findings.filter((f) => /^CNI0/.test(f.code));
  const summary = `Imported the ${what}${fileName ? ` from ${fileName}` : ''}${read.others > 0 ? `; the file has ${read.others} more configuration(s), import them one at a time` : ''}.`;
  return { ok: true, doc: structuredClone(doc), ...(fileName ? { fileName } : {}), notes, summary };
}

export async function importFile(file: File): Promise<ImportResult> {
  // Checked before reading, so a huge file is never loaded into memory.
  if (file.size > MAX_SOURCE_CHARS) return { ok: false, reason: `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB: too large for a CNI config (the limit is ${MAX_SOURCE_CHARS / 1024 / 1024} MB). Nothing was changed.` };
  // Decoded strictly: bytes that are not UTF-8 are refused, while a U+FFFD typed or pasted is just text.
  const bytes = await file.arrayBuffer();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const why = textProblem(new TextDecoder('utf-8').decode(bytes)) ?? 'it is not UTF-8 text';
    return { ok: false, reason: `${file.name} cannot be imported: ${why}. Nothing was changed.` };
  }
  return importText(text, file.name);
}
