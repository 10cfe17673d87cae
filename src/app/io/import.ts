// Import: any text (file, drop, paste) through the core's one normalize step. Nothing changes unless a
// conflist comes out; syntax problems that were tolerated (comments, trailing commas) are reported.
import { MAX_SOURCE_CHARS, parseSource, textProblem, type Finding, type JsonObject } from '../../core';
import { validator } from '../validator';

export type ImportResult =
  | { ok: true; doc: JsonObject; fileName?: string; notes: Finding[]; summary: string }
  | { ok: false; reason: string };

const describe = (f: Finding) => `${f.line !== undefined ? `line ${f.line}, column ${f.column}: ` : ''}${f.message}`;

export function importText(text: string, fileName?: string): ImportResult {
  try {
    return readImport(text, fileName);
  } catch (e) {
    // A defect in reading this input must not take the page down: nothing changes, and the user is told.
    return { ok: false, reason: `Nothing was imported from ${fileName ?? 'the pasted text'}: the app failed reading it (${e instanceof Error ? e.message : String(e)}).` };
  }
}

function readImport(text: string, fileName?: string): ImportResult {
  const unreadable = textProblem(text);
  if (unreadable) return { ok: false, reason: `${fileName ?? 'This input'} cannot be imported: ${unreadable}.` };
  if (text.trim() === '') return { ok: false, reason: `${fileName ?? 'The input'} is empty.` };
  const source = parseSource(text, fileName ? { fileName } : {});
  const findings = validator.validateSource(source);
  const index = source.configs.findIndex((c) => c.conflist);
  const config = source.configs[index];
  if (!config?.conflist) {
    const fatal = findings.find((f) => f.severity === 'error') ?? findings[0];
    return { ok: false, reason: `Nothing was imported from ${fileName ?? 'the pasted text'}: ${fatal ? describe(fatal) : 'it holds no CNI configuration.'}` };
  }
  const raw = config.conflist;
  if (!Array.isArray(raw.plugins) && !config.upConverted) {
    return { ok: false, reason: `Nothing was imported: ${fileName ?? 'the pasted JSON'} is not a CNI configuration (it has neither a "plugins" list nor a plugin "type").` };
  }
  const what = source.format === 'yaml' ? `NetworkAttachmentDefinition "${config.label}"` : config.upConverted ? 'single-plugin config (wrapped into a list, as runtimes do)' : 'conflist';
  const others = source.configs.filter((c, i) => i !== index && c.conflist).length;
  // Problems the document itself cannot show any more once imported: syntax and file-shape findings.
  const notes = findings.filter((f) => (f.document ?? 0) === (source.format === 'yaml' ? index : 0) && /^CNI0/.test(f.code));
  const summary = `Imported the ${what}${fileName ? ` from ${fileName}` : ''}${others > 0 ? `; the file has ${others} more configuration(s), import them one at a time` : ''}.`;
  return { ok: true, doc: structuredClone(config.conflist), ...(fileName ? { fileName } : {}), notes, summary };
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
