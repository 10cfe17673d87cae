// The schema layer: ajv validates each part against its schema (envelope, plugin by `type`, IPAM by
// `ipam.type`) after Go-style key-case normalization, and its errors become findings in plain words.
import type { ErrorObject } from 'ajv';
import type { ValidatorSource } from '../schema/precompiled';
import { SchemaIndex, normalizeKeyCase, type Located, type Rename, type Shadowed } from '../schema/schema-index';
import type { JsonSchema, SchemaSet } from '../schema/types';
import type { Finding, Severity } from './finding';
import { closest } from './suggest';
import { describeValue, fieldLabel, preview, typeWords } from './describe';
import { escapeSegment, parsePointer } from '../model/pointer';
import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from '../model/types';

export interface SchemaTarget {
  /** Pointer of the checked value inside the conflist. */
  base: string;
  schema: JsonSchema;
  /** Violations become warnings (third-party schemas), their messages ending "(checked loosely: third-party plugin)". */
  permissive: boolean;
  /** Every finding of the part gets this severity and ends with `(because)` instead (an IPAM its plugin fills in). */
  relaxed?: { severity: Severity; because: string };
  /** Whose schema it is, for messages ("bridge", "host-local", "the list"). */
  owner: string;
}

export interface CheckedPart {
  normalized: unknown;
  renames: Rename[];
  findings: Finding[];
  /** Findings on a spelling Go decodes before the one it keeps: placed by the caller, where the keys as written are known. */
  shadowed: ShadowedFinding[];
}

/**
 * An integer past int64 that the schema bounds below that: no Go integer field the reference plugins use
 * takes it (uint64 fields say so with a larger maximum), so the plugin's json.Unmarshal refuses the config.
 */
const INT64_LIMIT = 2 ** 63;
const beyondGoInteger = (schema: Record<string, unknown>, value: unknown) =>
  schema.type === 'integer' && typeof value === 'number' && (value >= INT64_LIMIT || value < -INT64_LIMIT) && !(typeof schema.maximum === 'number' && schema.maximum >= INT64_LIMIT);

/** A finding on a key spelling the normalized document does not have: at `parent` (normalized), key `key`, then `below`. */
export interface ShadowedFinding {
  parent: string;
  key: string;
  /** The documented key's pointer in the normalized document (where the value Go keeps is). */
  at: string;
  below: string;
  finding: Omit<Finding, 'pointer' | 'fix'>;
}

/** The finding with its pointer and fix, `parent` being the object's pointer as the user wrote it. */
export function placeShadowed(s: ShadowedFinding, parent: string): Finding {
  const key = `${parent}/${escapeSegment(s.key)}`;
  return { ...s.finding, pointer: key + s.below, fix: { title: `Remove "${s.key}"`, patch: [{ op: 'remove', path: key }] } };
}

const PLUGIN_CODE: Record<string, string> = {
  type: 'CNI202',
  additionalProperties: 'CNI203',
  enum: 'CNI205',
  const: 'CNI205',
  minimum: 'CNI206',
  maximum: 'CNI206',
  exclusiveMinimum: 'CNI206',
  exclusiveMaximum: 'CNI206',
  required: 'CNI207',
  format: 'CNI208',
};

/** CNI204: a key written in another case than documented, which Go's decoding reads all the same. */
export function caseRenameFinding(r: Rename): Finding {
  const canonical = r.pointer.slice(r.pointer.lastIndexOf('/') + 1).replace(/~1/g, '/').replace(/~0/g, '~');
  return {
    code: 'CNI204',
    severity: 'warning',
    message: `"${r.from}" is read as "${canonical}" because Go matches keys case-insensitively; write it as "${canonical}".`,
    pointer: r.pointer,
    target: 'key',
    fix: { title: `Rename to "${canonical}"`, patch: [{ op: 'rename', path: r.pointer, key: canonical }] },
  };
}

/**
 * CNI204 for a spelling that overrides the documented key beside it, at `parent` (the object's pointer as
 * the user wrote it). The fix keeps what runs: the value read stays, under the documented name. Beside a
 * null documented key (`besideNull`), the spelling's value is read because Go leaves a field as it is for null.
 */
export function caseOverrideFinding(r: Rename, parent: string): Finding {
  const canonical = r.pointer.slice(r.pointer.lastIndexOf('/') + 1).replace(/~1/g, '/').replace(/~0/g, '~');
  const variant = `${parent}/${escapeSegment(r.from)}`;
  const message = r.unsets
    ? `"${r.from}" is read as "${canonical}" after it (Go matches keys case-insensitively, and libcni passes them sorted), and its null unsets the field: the value of "${canonical}" has no effect. Keep one of them.`
    : r.besideNull
    ? `"${r.from}" is read as "${canonical}" (Go matches keys case-insensitively), and "${canonical}" beside it is null. Keep one of them, written "${canonical}".`
    : `"${r.from}" is read as "${canonical}" and overrides it: Go matches keys case-insensitively, and libcni passes them sorted, "${r.from}" after "${canonical}". The value of "${canonical}" has no effect; keep one of them.`;
  return {
    code: 'CNI204',
    severity: 'warning',
    message,
    pointer: variant,
    target: 'key',
    fix: { title: `Keep "${r.from}"'s value as "${canonical}"`, patch: [{ op: 'remove', path: `${parent}/${escapeSegment(canonical)}` }, { op: 'rename', path: variant, key: canonical }] },
  };
}

/** Object spellings of one key checked for decoding, each in a validation of its own; more are said to be unchecked. */
const MAX_SHADOW_ROUNDS = 16;

/** The spelling placed at `path` or at a pointer above it, by the path's prefixes (a part may have thousands placed). */
function placedAbove(placed: ReadonlyMap<string, Shadowed>, path: string): { s: Shadowed; rel: string } | undefined {
  for (let rel = path; ; rel = rel.slice(0, rel.lastIndexOf('/'))) {
    const s = placed.get(rel);
    if (s) return { s, rel };
    if (rel === '') return undefined;
  }
}

/** Puts `value` at `segments` below `root` (a copy of the caller's), in place. */
function setAt(root: unknown, segments: readonly string[], value: unknown): void {
  let node = root as Record<string, unknown>;
  for (const seg of segments.slice(0, -1)) node = node[seg] as Record<string, unknown>;
  // defineProperty: a "__proto__" key stays an own key, as JSON.parse makes it.
  Object.defineProperty(node, segments.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
}

/** JSON's name for a value's type, as a schema's "type" spells it. */
const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? 'number' : typeof v);

/**
 * The types an error says its value should have had, when Go's decoding would refuse it: a "type" error, or a
 * fixed value ("type": "loopback" is a const) of another JSON type than every allowed one (a number for a
 * string field). Undefined for what decoding takes and the plugin checks later (a string not in an enum).
 */
function decodeTypes(e: ErrorObject): string | string[] | undefined {
  if (e.keyword === 'type') return e.params.type as string | string[];
  if (e.keyword !== 'const' && e.keyword !== 'enum') return undefined;
  const allowed = e.keyword === 'const' ? [e.params.allowedValue] : (e.params.allowedValues as unknown[]);
  const types = [...new Set(allowed.map(jsonType))];
  return types.includes(jsonType(e.data)) || (types.includes('number') && jsonType(e.data) === 'number') ? undefined : types;
}

/** Umbrella keywords whose own error only repeats what the nested errors say. */
const UMBRELLA = new Set(['if', 'anyOf', 'oneOf', 'allOf', 'then', 'else', '$ref']);

export class SchemaChecker {
  readonly index: SchemaIndex;

  /** `validators`: ajv's, compiled on first need, or precompiled ones; either way one per schema `$id` (and IPAM fragment). */
  constructor(
    readonly schemas: SchemaSet,
    index: SchemaIndex,
    private readonly validators: ValidatorSource,
  ) {
    this.index = index;
  }

  check(value: unknown, target: SchemaTarget, options: { normalizeCase: boolean; ref?: string }): CheckedPart {
    const located: Located = { schema: target.schema, base: target.schema.$id ?? '' };
    const renames: Rename[] = [];
    const shadowed: Shadowed[] = [];
    const root = options.ref ? this.index.resolve(options.ref, located.base) : located;
    const normalized = options.normalizeCase ? normalizeKeyCase(this.index, value, root, target.base, renames, shadowed) : value;
    const validate = this.validators.get(options.ref ?? target.schema.$id!);
    let findings: Finding[] = [];
    // A spelling beside the documented key is told where both are known as written (validate.ts).
    for (const r of renames) if (!r.overrides && !r.besideNull) findings.push(caseRenameFinding(r));
    if (validate && !validate(normalized)) {
      findings.push(...this.toFindings(validate.errors ?? [], target, root, options.normalizeCase));
    }
    const failing = validate && shadowed.length > 0 ? this.shadowedFindings(shadowed, normalized, validate, target, root) : [];
    // "Has no effect" is not so for a value that fails to decode: the error says what it does.
    if (failing.length > 0) {
      const keys = new Set(failing.map((s) => `${s.parent}/${escapeSegment(s.key)}`));
      findings = findings.filter((f) => !(f.code === 'CNI203' && keys.has(f.pointer)));
    }
    // A third-party plugin's schema lists the keys it publishes and lets others through (it may read more), so
    // a misspelt key passes unseen: one within a typo's distance of a published key is worth a word.
    if (target.permissive && !target.relaxed && isJsonObject(normalized)) findings.push(...this.nearMisses(normalized, target, root));
    const relaxed = target.relaxed;
    const relax = <F extends { severity: Severity; message: string }>(f: F): F => (relaxed ? { ...f, severity: relaxed.severity, message: `${f.message} (${relaxed.because})` } : f);
    return { normalized, renames, findings: dedupe(findings).map(relax), shadowed: failing.map((s) => ({ ...s, finding: relax(s.finding) })) };
  }

  /** closestName's answers per list of names (bounded: the keys come from the user's files). */
  private readonly hints = new WeakMap<readonly string[], Map<string, string | null>>();

  /** The declared name a key is a typo of (closest), answered once per schema and key: a config repeats its keys at every keystroke. */
  private closestName(located: Located, key: string): string | undefined {
    const known = this.index.propertyNames(located);
    let byKey = this.hints.get(known);
    if (!byKey) this.hints.set(known, (byKey = new Map()));
    let hint = byKey.get(key);
    if (hint === undefined) {
      if (byKey.size >= 1024) byKey.clear();
      byKey.set(key, (hint = closest(key, known) ?? null));
    }
    return hint ?? undefined;
  }

  /** Keys of a loosely checked object a letter or two from a published one, and not themselves published. */
  private nearMisses(value: Record<string, unknown>, target: SchemaTarget, root: Located): Finding[] {
    const known = this.index.propertyNames(root);
    if (known.length === 0) return [];
    const out: Finding[] = [];
    for (const key of Object.keys(value)) {
      if (key.length < 4 || known.includes(key)) continue;
      const hint = this.closestName(root, key);
      // Another case of a published key is a rename (Go reads it), said elsewhere.
      if (!hint || hint.toLowerCase() === key.toLowerCase()) continue;
      const pointer = `${target.base}/${escapeSegment(key)}`;
      out.push({
        code: 'CNI203',
        severity: 'warning',
        message: `${target.owner} publishes no key "${key}": did you mean "${hint}"? (checked loosely: a third-party plugin may read keys it does not publish; if it does not read this one, it has no effect)`,
        pointer,
        target: 'key',
        fix: Object.keys(value).some((k) => k !== key && k.toLowerCase() === hint.toLowerCase()) ? { title: `Remove "${key}"`, patch: [{ op: 'remove', path: pointer }] } : { title: `Rename to "${hint}"`, patch: [{ op: 'rename', path: pointer, key: hint }] },
      });
    }
    return out;
  }

  /**
   * Go decodes every spelling of a key, in the order libcni passes them, and keeps the last: an earlier
   * spelling's value has no effect, but one of the wrong type fails the whole config (cnitool 1.1.2 and 1.3.0
   * refuse {"type": "loopback", "Type": 5}). Each such value is checked as if it were the one kept, for what
   * decoding refuses: a JSON type Go cannot put in the field.
   */
  private shadowedFindings(shadowed: readonly Shadowed[], normalized: unknown, validate: NonNullable<ReturnType<ValidatorSource['get']>>, target: SchemaTarget, root: Located): ShadowedFinding[] {
    // Per place, the spellings to check: a scalar decodes or not by its JSON type alone, so one of each is
    // enough (a hostile file may spell a key a thousand ways); an object or array is checked whole.
    const byPlace = new Map<string, Shadowed[]>();
    /** Scalar spellings of the same kind as one checked: they fail as it does. */
    const alike = new Map<Shadowed, Shadowed[]>();
    const kinds = new Map<string, Shadowed>();
    for (const s of shadowed) {
      if (!s.pointer.startsWith(target.base)) continue;
      const v = s.value;
      if (v === null || typeof v !== 'object') {
        const kind = `${s.pointer}\u0000${jsonType(v)}${typeof v === 'number' && !Number.isInteger(v) ? '.' : ''}`;
        const first = kinds.get(kind);
        if (first) {
          alike.get(first)!.push(s);
          continue;
        }
        kinds.set(kind, s);
        alike.set(s, []);
      }
      const list = byPlace.get(s.pointer);
      if (list) list.push(s);
      else byPlace.set(s.pointer, [s]);
    }
    const out: ShadowedFinding[] = [];
    /** One finding per spelling and place below it: a value of the wrong type breaks both "type" and "enum". */
    const told = new Set<string>();
    const failure = (s: Shadowed, below: string, finding: Omit<Finding, 'pointer' | 'fix'>): ShadowedFinding => ({ parent: s.pointer.slice(0, s.pointer.lastIndexOf('/')), key: s.from, at: s.pointer, below, finding });
    const severity = target.permissive ? 'warning' : 'error';
    // Round r puts each place's r-th spelling in the value Go keeps, in one copy of the part, validated once.
    const rounds = Math.max(0, ...[...byPlace.values()].map((l) => l.length));
    for (let r = 0; r < Math.min(rounds, MAX_SHADOW_ROUNDS); r++) {
      // A deep copy that keeps own "__proto__" keys and numbers beyond a float64 (a JSON round trip made those null).
      const doc = cloneJson(normalized as JsonValue) as unknown;
      const placed = new Map<string, Shadowed>();
      for (const [pointer, list] of byPlace) {
        const s = list[r];
        if (!s) continue;
        const rel = pointer.slice(target.base.length);
        const at = this.index.at(root, rel);
        if (!at) continue;
        setAt(doc, parsePointer(rel), normalizeKeyCase(this.index, s.value, at, pointer, []));
        placed.set(rel, s);
      }
      if (placed.size === 0 || validate(doc)) continue;
      for (const e of validate.errors ?? []) {
        const hit = placedAbove(placed, e.instancePath);
        const expected = hit && decodeTypes(e);
        if (!hit || !expected) continue;
        const below = e.instancePath.slice(hit.rel.length);
        // As the kept spelling's own type errors: a capability's is CNI500.
        const inCapabilities = /\/capabilities\/[^/]+$/.test(hit.s.pointer + below) && !(hit.s.pointer + below).includes('/runtimeConfig/');
        const where = `${hit.s.pointer}\u0000${hit.s.from}\u0000${below}`;
        if (told.has(where)) continue;
        told.add(where);
        for (const s of [hit.s, ...(alike.get(hit.s) ?? [])]) {
          out.push(
            failure(s, below, {
              code: inCapabilities ? 'CNI500' : 'CNI202',
              severity,
              message: `${fieldLabel(`/${escapeSegment(s.from)}${below}`)} must be ${typeWords(expected)}, but it is ${describeValue(below ? e.data : s.value)}: Go decodes "${s.from}" as well as "${s.kept}" (it matches keys case-insensitively and decodes every spelling, in the order libcni passes them), so the whole config fails to decode.${target.permissive ? ' (checked loosely: third-party plugin)' : ''}`,
            }),
          );
        }
      }
    }
    // Beyond that many object spellings of one key, the rest are not checked: said, not passed over in silence.
    for (const list of byPlace.values()) {
      const rest = list.slice(MAX_SHADOW_ROUNDS);
      if (rest.length === 0) continue;
      const s = rest[0]!;
      out.push(failure(s, '', { code: 'CNI202', severity: 'warning', message: `"${s.from}" and ${rest.length - 1} more spellings of "${s.kept}" were not checked for what Go decodes (more than ${MAX_SHADOW_ROUNDS} spellings of one key): each is decoded, and one that does not decode fails the config. Keep one spelling.` }));
    }
    return out;
  }

  private toFindings(errors: ErrorObject[], target: SchemaTarget, root: Located, goCase: boolean): Finding[] {
    const out: Finding[] = [];
    const enumPaths = new Set(errors.filter((e) => e.keyword === 'enum').map((e) => e.instancePath));
    for (const e of errors) {
      if (UMBRELLA.has(e.keyword)) continue;
      // A union like boolean|"true" reports both type and enum: the enum message says it better.
      if (e.keyword === 'type' && enumPaths.has(e.instancePath)) continue;
      const finding = this.toFinding(e, target, root, goCase);
      if (finding) out.push(finding);
    }
    return out;
  }

  private toFinding(e: ErrorObject, target: SchemaTarget, root: Located, goCase: boolean): Finding | undefined {
    const parent = (e.parentSchema ?? {}) as JsonSchema;
    const meta = parent['x-cni'] as { severity?: Severity; outOfRange?: string } | undefined;
    let pointer = target.base + e.instancePath;
    const field = fieldLabel(pointer, target.base);
    const custom = typeof parent.errorMessage === 'string' ? parent.errorMessage : undefined;
    let severity: Severity = meta?.severity ?? (target.permissive ? 'warning' : 'error');
    let code = PLUGIN_CODE[e.keyword] ?? 'CNI209';
    let message: string;
    let findingTarget: 'key' | 'value' = 'value';
    let fix: Finding['fix'];
    const inCapabilities = /\/capabilities\/[^/]+$/.test(pointer) && !pointer.includes('/runtimeConfig/');
    switch (e.keyword) {
      case 'type': {
        const expected = typeWords(e.params.type as string | string[]);
        message = custom ?? `${field} must be ${expected}, but it is ${describeValue(e.data)}: the plugin fails to decode the whole config.`;
        if (inCapabilities) code = 'CNI500';
        const asNumber = typeof e.data === 'string' && /^-?\d+$/.test(e.data) ? Number(e.data) : undefined;
        const asBool = e.data === 'true' || e.data === 'false' ? e.data === 'true' : undefined;
        if (asNumber !== undefined && /integer|number/.test(String(e.params.type))) fix = { title: `Write ${asNumber} without quotes`, patch: [{ op: 'replace', path: pointer, value: asNumber }] };
        else if (asBool !== undefined && String(e.params.type).includes('boolean')) fix = { title: `Write ${String(asBool)} without quotes`, patch: [{ op: 'replace', path: pointer, value: asBool }] };
        else if (typeof e.data === 'number' && String(e.params.type) === 'string') fix = { title: `Quote it: "${e.data}"`, patch: [{ op: 'replace', path: pointer, value: String(e.data) }] };
        break;
      }
      case 'additionalProperties': {
        const key = String(e.params.additionalProperty);
        pointer = `${pointer}/${escapeSegment(key)}`;
        findingTarget = 'key';
        severity = meta?.severity ?? 'warning';
        const located = this.index.at(root, e.instancePath.slice(0) ) ?? root;
        const known = this.index.propertyNames(located);
        const hint = this.closestName(located, key);
        const where = e.instancePath === '' ? target.owner : `${target.owner} (${fieldLabel(target.base + e.instancePath, target.base)})`;
        const shadowed = goCase && hint !== undefined && hint.toLowerCase() === key.toLowerCase();
        if (shadowed) {
          // Another spelling of the same key is there, and Go reads that one (libcni passes the keys sorted,
          // the last wins): renaming this one would change which value the plugin gets.
          const parent = isJsonObject(e.data as JsonValue) ? (e.data as JsonObject) : undefined;
          const own = parent?.[key];
          const kept = parent?.[hint];
          // Go decodes an object or a list into the value an earlier spelling left (a struct's or a map's
          // keys, a list's items field by field): only a scalar, or a null that unsets the field, replaces it.
          message =
            typeof own === 'object' && own !== null && typeof kept === 'object' && kept !== null
              ? `"${key}" is not replaced by "${hint}" beside it: Go decodes both into one field, "${hint}" after it (libcni passes the keys sorted), so what "${hint}" leaves out (an object's keys, the fields of a list's items) keeps "${key}"'s values, and the checks read them merged so. Keep one of them.`
              : `"${key}" has no effect: another spelling of "${hint}" beside it is decoded after it and sets the field (libcni passes the keys sorted; a null there unsets an address, a list, a map or an optional field).`;
          fix = { title: `Remove "${key}"`, patch: [{ op: 'remove', path: pointer }] };
        } else {
          // With the key it means already there, a rename would replace that key's value: the user's, which runs.
          const taken = hint !== undefined && isJsonObject(e.data as JsonValue) && Object.keys(e.data as JsonObject).some((k) => k !== key && (goCase ? k.toLowerCase() === hint.toLowerCase() : k === hint));
          message = `${where} does not read "${key}", so it has no effect${hint ? `. Did you mean "${hint}"?${taken ? ` "${hint}" is there too, and is the one read.` : ''}` : '.'}`;
          if (hint && !known.includes(key)) fix = taken ? { title: `Remove "${key}"`, patch: [{ op: 'remove', path: pointer }] } : { title: `Rename to "${hint}"`, patch: [{ op: 'rename', path: pointer, key: hint }] };
        }
        break;
      }
      case 'required': {
        const missing = String(e.params.missingProperty);
        message = custom && e.instancePath !== '' ? custom : `${target.owner} needs "${missing}"${e.instancePath ? ` in ${field}` : ''}.`;
        break;
      }
      case 'enum':
      case 'const': {
        const allowed = (e.keyword === 'enum' ? (e.params.allowedValues as unknown[]) : [e.params.allowedValue]).filter((v) => v !== '');
        message = custom ?? `${field} must be one of ${allowed.map((v) => preview(v)).join(', ')}; ${preview(e.data)} is not.`;
        // x-cni.caseNote: a value of another case the plugin's tools still take (iptables' "-p TCP"): a note in its words.
        const caseNote = (meta as { caseNote?: string } | undefined)?.caseNote;
        const lower = typeof e.data === 'string' ? allowed.find((v) => typeof v === 'string' && v === (e.data as string).toLowerCase()) : undefined;
        if (caseNote && typeof lower === 'string') {
          severity = 'info';
          message = `${field} ${preview(e.data)}: ${caseNote.replaceAll('{lower}', lower)}`;
        }
        const hint = typeof e.data === 'string' ? closest(e.data, allowed.filter((v): v is string => typeof v === 'string')) : undefined;
        if (hint) fix = { title: `Use "${hint}"`, patch: [{ op: 'replace', path: pointer, value: hint }] };
        break;
      }
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        const s = parent;
        const lo = typeof s.minimum === 'number' ? s.minimum : undefined;
        const hi = typeof s.maximum === 'number' ? s.maximum : undefined;
        const range = lo !== undefined && hi !== undefined ? `from ${lo} to ${hi}` : lo !== undefined ? `at least ${lo}` : hi !== undefined ? `at most ${hi}` : String(e.message);
        // x-cni.outOfRange: the words for a value out of range only (errorMessage would also replace editors' type messages).
        message = beyondGoInteger(s, e.data) ? `${field} is ${preview(e.data)}, beyond a 64-bit integer: the plugin fails to read its config, so ADD and DEL fail before they do anything ("json: cannot unmarshal number ${JSON.stringify(e.data)} into Go struct field … of type …"). It must be ${range}.` : (meta?.outOfRange ?? custom ?? `${field} must be ${range}; it is ${preview(e.data)}.`);
        break;
      }
      case 'format':
        // The schemas' words say "This must be …": after the field's name, "mac must be …".
        message = custom ? `${field}${/^This must /.test(custom) ? ` ${custom.slice(5)}` : `: ${custom}`} Got ${preview(e.data)}.` : `${field} is not a valid ${String(e.params.format)}: ${preview(e.data)}.`;
        break;
      case 'minItems':
        message = custom ?? `${field} must have at least ${String(e.params.limit)} item(s).`;
        break;
      case 'uniqueItems':
        message = custom ?? `${field} lists the same value twice.`;
        break;
      case 'minLength':
        message = custom ?? (e.params.limit === 1 ? `${field} must not be empty.` : `${field} must be at least ${String(e.params.limit)} characters long.`);
        break;
      case 'maxLength':
        message = custom ?? `${field} must be at most ${String(e.params.limit)} characters long; it has ${String(e.data).length}.`;
        break;
      case 'pattern':
        message = custom ?? (typeof parent.patternErrorMessage === 'string' ? parent.patternErrorMessage : `${field} does not have the expected form: ${preview(e.data)}.`);
        break;
      case 'propertyNames':
        message = custom ?? `${field} has an invalid key.`;
        break;
      default:
        message = custom ?? `${field}: ${String(e.message)}.`;
    }
    if (target.permissive && severity !== 'info' && !target.relaxed) message += ' (checked loosely: third-party plugin)';
    return { code, severity, message, pointer, target: findingTarget, ...(fix ? { fix } : {}) };
  }
}

function dedupe(findings: Finding[]): Finding[] {
  if (findings.length < 2) return findings; // nearly every part: nothing to compare
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}|${f.pointer}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

