// validate(text or document) → Finding[]: syntax → envelope schema → plugin and IPAM schemas → semantic rules.
import { createCatalog, type Catalog, type CatalogEntry } from '../catalog/catalog';
import type { ParsedConfig } from '../model/document';
import { parseSource, type ParsedSource, type SourceOptions } from '../model/source';
import { LineIndex, type TextRange } from '../model/text';
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { effectiveListVersion } from '../model/versions';
import { parsePointer, toPointer } from '../model/pointer';
import { nestingFinding, valueNestingExcess } from '../model/depth';
import { denormalizePointer, type Rename } from '../schema/schema-index';
import type { SchemaSet } from '../schema/types';
import type { PluginView, RuleContext } from './context';
import { compareFindings, pluginIndexOf, type Finding } from './finding';
import { RULES } from './rules';
import { SchemaChecker } from './schema-check';
import { pluginList } from '../model/chain';

export interface Validator {
  readonly catalog: Catalog;
  readonly checker: SchemaChecker;
  /** Text in any supported form (conflist, .conf, NAD YAML), or a document object. */
  validate(input: string | JsonValue, options?: SourceOptions): Finding[];
  /** Findings for an already parsed source, with ranges and line/column in its text. */
  validateSource(source: ParsedSource): Finding[];
}

/**
 * An envelope schema finding under the code of the list rule it belongs to, or undefined: dropped,
 * because a semantic rule explains it better (such as those on name, cniVersion and plugins).
 */
function recodeEnvelopeFinding(f: Finding): Finding | undefined {
  const [first] = parsePointer(f.pointer);
  const as = (code: string): Finding => ({ ...f, code });
  if (f.code === 'CNI203') return as('CNI107');
  if (first === 'cniVersions') return as('CNI104');
  if (first === 'disableCheck' || first === 'disableGC' || first === 'loadOnlyInlinedPlugins') return as('CNI106');
  if (first === '$schema') return as('CNI209');
  return undefined;
}

function ipamRef(entry: CatalogEntry): { ref?: string } | undefined {
  if (entry.role === 'ipam') return {};
  const def = entry.schema['x-cni']?.ipamDefinition;
  return typeof def === 'string' ? { ref: `${entry.schema.$id}${def}` } : undefined;
}

export function createValidator(schemas: SchemaSet): Validator {
  const catalog = createCatalog(schemas);
  const checker = new SchemaChecker(schemas, catalog.index);

  function checkConfig(config: ParsedConfig): Finding[] {
    const findings: Finding[] = [...config.findings];
    const conflist = config.conflist;
    if (!conflist) return findings;
    const renames: Rename[] = [];
    const envelope = checker.check(conflist, { base: '', schema: schemas.conflist, permissive: false, owner: 'The list' }, { normalizeCase: false });
    for (const f of envelope.findings) {
      const kept = recodeEnvelopeFinding(f);
      if (kept) findings.push(kept);
    }
    const views: PluginView[] = [];
    const plugins = pluginList(conflist);
    plugins.forEach((raw, index) => {
      const pointer = `/plugins/${index}`;
      if (!isJsonObject(raw)) {
        findings.push({ code: 'CNI200', severity: 'error', message: `Plugin ${index + 1} must be a JSON object with a "type".`, pointer });
        return;
      }
      const type = typeof raw.type === 'string' ? raw.type : undefined;
      const entry = type ? catalog.get(type) : undefined;
      let conf: JsonObject = raw;
      if (entry && entry.role !== 'ipam') {
        const part = checker.check(raw, { base: pointer, schema: entry.schema, permissive: entry.permissive, owner: entry.type }, { normalizeCase: true });
        conf = part.normalized as JsonObject;
        renames.push(...part.renames);
        findings.push(...part.findings);
      }
      let ipam = isJsonObject(conf.ipam) ? conf.ipam : undefined;
      const ipamType = ipam && typeof ipam.type === 'string' ? ipam.type : undefined;
      const ipamEntry = ipamType ? catalog.get(ipamType) : undefined;
      const how = ipamEntry && ipamRef(ipamEntry);
      if (ipam && ipamEntry && how) {
        // A plugin that fills in its IPAM before use (calico, flannel) makes placeholders such as "usePodCidr" fine.
        const filled = entry?.ipam === 'filled' ? { severity: 'info' as const, because: `${entry.type} fills in its IPAM before use` } : undefined;
        const part = checker.check(
          ipam,
          { base: `${pointer}/ipam`, schema: ipamEntry.schema, permissive: ipamEntry.permissive || filled !== undefined, owner: ipamType!, relaxed: filled },
          { normalizeCase: true, ...how },
        );
        ipam = part.normalized as JsonObject;
        conf = { ...conf, ipam };
        renames.push(...part.renames);
        findings.push(...part.findings);
      }
      views.push({ index, pointer, conf, type, entry, ipam, ipamType, ipamEntry });
    });
    const ctx: RuleContext = {
      conflist,
      plugins: views,
      version: effectiveListVersion(conflist.cniVersion, conflist.cniVersions),
      catalog,
      duplicateKeys: config.duplicateKeys,
      upConverted: config.upConverted,
    };
    for (const rule of RULES) findings.push(...rule(ctx));
    return findings.map((f) => {
      const pointer = denormalizePointer(f.pointer, renames);
      const fix = f.fix?.patch ? { ...f.fix, patch: f.fix.patch.map((op) => ({ ...op, path: denormalizePointer(op.path, renames) })) } : f.fix;
      const pluginIndex = pluginIndexOf(pointer);
      return { ...f, pointer, ...(fix ? { fix } : {}), ...(pluginIndex !== undefined ? { pluginIndex } : {}) };
    });
  }

  function locate(config: ParsedConfig, f: Finding): TextRange {
    if (f.range) return f.range;
    const exact = config.locate(f.pointer, f.target);
    if (exact) return exact;
    // A missing key: point at the start of the nearest enclosing value that exists.
    const segments = parsePointer(f.pointer);
    while (segments.length > 0) {
      segments.pop();
      const r = config.locate(toPointer(segments));
      if (r) return { start: r.start, end: r.start + 1 };
    }
    return config.fallbackRange;
  }

  function validateSource(source: ParsedSource): Finding[] {
    const lines = new LineIndex(source.text);
    const all: Finding[] = [];
    source.configs.forEach((config, documentIndex) => {
      for (const f of checkConfig(config)) {
        const range = locate(config, f);
        const start = lines.position(range.start);
        const end = lines.position(range.end);
        all.push({
          ...f,
          range,
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
          ...(source.format === 'yaml' ? { document: documentIndex } : {}),
        });
      }
    });
    return all.sort(compareFindings);
  }

  return {
    catalog,
    checker,
    validateSource,
    validate(input, options = {}) {
      if (typeof input === 'string') return validateSource(parseSource(input, options));
      // A document object (the app's, a share link's) is walked recursively below: refuse nesting beyond the limit first.
      const tooDeep = valueNestingExcess(input);
      if (tooDeep !== undefined) {
        const pluginIndex = pluginIndexOf(tooDeep);
        return [{ ...nestingFinding({ pointer: tooDeep }), ...(pluginIndex !== undefined ? { pluginIndex } : {}) }];
      }
      const config: ParsedConfig = {
        conflist: isJsonObject(input) ? input : undefined,
        upConverted: false,
        findings: isJsonObject(input) ? [] : [{ code: 'CNI004', severity: 'error', message: 'The document must be a JSON object.', pointer: '' }],
        duplicateKeys: [],
        locate: () => undefined,
        fallbackRange: { start: 0, end: 0 },
      };
      return checkConfig(config).sort(compareFindings);
    },
  };
}
