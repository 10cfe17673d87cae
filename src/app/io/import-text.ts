// Reading an import with the validator at hand: its chunk comes with the validator's (import.ts loads it).
import { hasPluginList, NAD_KIND, readConfig, withoutListCopies, type Finding, type Validator } from '../../core';
import type { ImportResult } from './import';

const describe = (f: Finding) => `${f.line !== undefined ? `line ${f.line}, column ${f.column}: ` : ''}${f.message}`;

/** Text from a file (its name decides how it is read) or pasted (no name: read by its content). */
export function importTextWith(text: string, validator: Validator, fileName?: string, pick?: number): ImportResult {
  try {
    return readImport(text, validator, fileName, pick);
  } catch (e) {
    // A defect in reading this input must not take the page down: nothing changes, and the user is told.
    return { ok: false, reason: `Nothing was imported from ${fileName ?? 'the pasted text'}: the app failed reading it (${e instanceof Error ? e.message : String(e)}).` };
  }
}

function readImport(text: string, validator: Validator, fileName?: string, pick?: number): ImportResult {
  const read = readConfig(text, fileName, validator, pick);
  if (!read.ok && read.unreadable) return { ok: false, reason: `${fileName ?? 'This input'} cannot be imported: ${read.unreadable}.` };
  if (text.trim() === '') return { ok: false, reason: `${fileName ?? 'The input'} is empty.` };
  if (!read.ok) return { ok: false, reason: `Nothing was imported from ${fileName ?? 'the pasted text'}: ${read.failure ? describe(read.failure) : 'it holds no CNI configuration.'}` };
  const doc = read.wrapped ? withoutListCopies(read.document) : read.document;
  // A single-plugin config is already wrapped into a list: only JSON that is neither is refused.
  if (!hasPluginList(doc)) {
    // A list with no "plugins" at all: libcni 1.3 takes it from disk, with its network folder's plugin files.
    if (!Object.hasOwn(doc, 'plugins') && !Object.hasOwn(doc, 'type') && typeof doc.name === 'string') {
      return { ok: false, reason: `Nothing was imported: ${fileName ?? 'the pasted JSON'} is a list with no "plugins". libcni 1.3 runs such a list only as a file of a conf directory, with the *.conf plugin files of its network's folder (${JSON.stringify(`${doc.name}/`)}) appended; import that directory (Import, then a folder) to see the list as libcni assembles it.` };
    }
    // Where and why: the checks' first errors (a "plugins" that is not a list, a name that is not a string).
    const errors = read.findings.filter((f) => f.severity === 'error').slice(0, 3);
    const listed = errors.map((f) => describe(f).replace(/\.$/, '')).join('; ');
    const why = errors.length > 0 ? ` ${listed.charAt(0).toUpperCase()}${listed.slice(1)}${read.findings.filter((f) => f.severity === 'error').length > 3 ? '; and more' : ''}.` : '';
    return { ok: false, reason: `Nothing was imported: ${fileName ?? 'the pasted JSON'} is not a CNI configuration (it has neither a "plugins" list nor a plugin "type").${why}` };
  }
  const what = read.form === 'nad' ? `${NAD_KIND} "${read.label}"` : read.form === 'conf' ? 'single-plugin config (wrapped into a list, as runtimes do)' : 'conflist';
  // Problems the document itself cannot show any more once imported: syntax and file-shape findings.
  // (A number beyond a float64, CNI013, stays in the document as 1e400, and the Problems panel shows it there.)
  const notes = read.findings.filter((f) => /^CNI0/.test(f.code) && f.code !== 'CNI013');
  const several = read.choices.length > 1;
  const place = several ? ` (${read.choices.findIndex((c) => c.index === read.index) + 1} of ${read.choices.length} in it)` : '';
  // Objects of the file that hold no configuration are named, not dropped without a word.
  const skipped = read.skipped.length ? ` Not opened: ${read.skipped.map((k) => `"${k.label}" (${k.why.replace(/\.$/, '')})`).join('; ')}.` : '';
  const summary = `Imported the ${what}${fileName ? ` from ${fileName}` : ''}${place}.${several ? '' : skipped}`;
  return {
    ok: true,
    doc: structuredClone(doc),
    ...(fileName ? { fileName } : {}),
    ...(read.nad ? { nad: read.nad } : {}),
    notes,
    summary,
    ...(several ? { choice: { choices: read.choices, skipped: read.skipped, index: read.index, pick: (index: number) => importTextWith(text, validator, fileName, index) } } : {}),
  };
}

