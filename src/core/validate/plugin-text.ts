// Findings for one plugin edited on its own: the plugin text is validated in the context of its list
// (so chain rules, versions and capabilities still apply) and findings land on ranges of that text.
import { parseJsonSource } from '../model/json-source';
import { LineIndex } from '../model/text';
import { isJsonObject, type JsonObject } from '../model/types';
import { parsePointer, toPointer } from '../model/pointer';
import type { Finding } from './finding';
import type { Validator } from './validate';
import { pluginList } from '../model/chain';
import { deepEqual } from '../model/equal';

export interface PluginTextResult {
  /** The parsed plugin, when the text is usable strict JSON. */
  plugin: JsonObject | undefined;
  /** Whether the text is strict JSON (no comments, no trailing commas): only then is it committed. */
  strict: boolean;
  findings: Finding[];
}

/**
 * `known`: the findings of `doc` itself, when the caller already has them (the app caches them per
 * document). They are used when the text says exactly what the list's plugin already is, the case after
 * every canvas edit, which otherwise validated the whole list again (20-30 ms at 500 plugins).
 */
export function validatePluginText(validator: Validator, doc: JsonObject, index: number, text: string, known?: readonly Finding[]): PluginTextResult {
  const source = parseJsonSource(text);
  const lines = new LineIndex(text);
  const place = (f: Finding, range = f.range ?? { start: 0, end: Math.min(1, text.length) }): Finding => {
    const s = lines.position(range.start);
    const e = lines.position(range.end);
    return { ...f, range, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  };
  const syntax = source.findings.map((f) => place(f));
  const strict = syntax.every((f) => f.severity !== 'error');
  if (source.fatal || !isJsonObject(source.value)) {
    if (!source.fatal) syntax.push(place({ code: 'CNI004', severity: 'error', message: 'A plugin is a JSON object with a "type".', pointer: '' }));
    return { plugin: undefined, strict: false, findings: syntax };
  }
  const plugin = source.value;
  const plugins = pluginList(doc).slice();
  plugins[index] = plugin;
  const prefix = `/plugins/${index}`;
  const all = known !== undefined && deepEqual(pluginList(doc)[index], plugin) ? known : validator.validate({ ...doc, plugins });
  const findings = all
    .filter((f) => f.pluginIndex === index)
    .map((f) => {
      const pointer = toPointer(parsePointer(f.pointer).slice(2));
      const exact = source.locate(pointer, f.target);
      let range = exact;
      if (!range) {
        // A missing key: the start of the nearest value that exists.
        const segments = parsePointer(pointer);
        while (!range && segments.length > 0) {
          segments.pop();
          const r = source.locate(toPointer(segments));
          if (r) range = { start: r.start, end: r.start + 1 };
        }
      }
      const fix = f.fix?.patch ? { ...f.fix, patch: f.fix.patch.map((op) => ({ ...op, path: op.path.startsWith(prefix) ? op.path.slice(prefix.length) : op.path })) } : f.fix;
      return place({ ...f, pointer, ...(fix ? { fix } : {}) }, range);
    });
  return { plugin, strict, findings: [...syntax, ...findings] };
}
