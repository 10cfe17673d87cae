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
  const message = r.besideNull
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

/** A copy of `root` with the value at `segments` replaced (each object or array on the way copied). */
function replaceAt(root: unknown, segments: readonly string[], value: unknown): unknown {
  if (segments.length === 0) return value;
  const [head, ...rest] = segments as [string, ...string[]];
  if (Array.isArray(root)) {
    const copy = root.slice();
    copy[Number(head)] = replaceAt(root[Number(head)], rest, value);
    return copy;
  }
  const copy: Record<string, unknown> = {};
  // defineProperty: a "__proto__" key stays an own key, as JSON.parse makes it.
  for (const [k, v] of Object.entries((root ?? {}) as Record<string, unknown>)) Object.defineProperty(copy, k, { value: k === head ? replaceAt(v, rest, value) : v, enumerable: true, writable: true, configurable: true });
  return copy;
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
    if (failing.length > 0) findings = findings.filter((f) => !(f.code === 'CNI203' && failing.some((s) => f.pointer === `${s.parent}/${escapeSegment(s.key)}`)));
    const relaxed = target.relaxed;
    const relax = <F extends { severity: Severity; message: string }>(f: F): F => (relaxed ? { ...f, severity: relaxed.severity, message: `${f.message} (${relaxed.because})` } : f);
    return { normalized, renames, findings: dedupe(findings).map(relax), shadowed: failing.map((s) => ({ ...s, finding: relax(s.finding) })) };
  }

  /**
   * Go decodes every spelling of a key, in the order libcni passes them, and keeps the last: an earlier
   * spelling's value has no effect, but one of the wrong type fails the whole config (cnitool 1.1.2 and 1.3.0
   * refuse {"type": "loopback", "Type": 5}). Each such value is checked as if it were the one kept, for what
   * decoding refuses: a JSON type Go cannot put in the field.
   */
  private shadowedFindings(shadowed: readonly Shadowed[], normalized: unknown, validate: NonNullable<ReturnType<ValidatorSource['get']>>, target: SchemaTarget, root: Located): ShadowedFinding[] {
    const out: ShadowedFinding[] = [];
    for (const s of shadowed) {
      if (!s.pointer.startsWith(target.base)) continue;
      const rel = s.pointer.slice(target.base.length);
      const at = this.index.at(root, rel);
      if (!at) continue;
      const value = normalizeKeyCase(this.index, s.value, at, s.pointer, []);
      if (validate(replaceAt(normalized, parsePointer(rel), value))) continue;
      const parent = s.pointer.slice(0, s.pointer.lastIndexOf('/'));
      for (const e of validate.errors ?? []) {
        if (e.instancePath !== rel && !e.instancePath.startsWith(`${rel}/`)) continue;
        const expected = decodeTypes(e);
        if (!expected) continue;
        const below = e.instancePath.slice(rel.length);
        const field = fieldLabel(`/${escapeSegment(s.from)}${below}`);
        out.push({
          parent,
          key: s.from,
          at: s.pointer,
          below,
          finding: {
            code: 'CNI202',
            severity: target.permissive ? 'warning' : 'error',
            message: `${field} must be ${typeWords(expected)}, but it is ${describeValue(e.data)}: Go decodes "${s.from}" as well as "${s.kept}" (it matches keys case-insensitively and decodes every spelling, in the order libcni passes them), so the whole config fails to decode.${target.permissive ? ' (checked loosely: third-party plugin)' : ''}`,
          },
        });
      }
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
        const hint = closest(key, known);
        const where = e.instancePath === '' ? target.owner : `${target.owner} (${fieldLabel(target.base + e.instancePath, target.base)})`;
        const shadowed = goCase && hint !== undefined && hint.toLowerCase() === key.toLowerCase();
        if (shadowed) {
          // Another spelling of the same key is there, and Go reads that one (libcni passes the keys sorted,
          // the last wins): renaming this one would change which value the plugin gets.
          message = `"${key}" has no effect: Go reads "${hint}" from another spelling of it beside it (libcni passes the keys sorted, and the last spelling wins).`;
          fix = { title: `Remove "${key}"`, patch: [{ op: 'remove', path: pointer }] };
        } else {
          message = `${where} does not read "${key}", so it has no effect${hint ? `. Did you mean "${hint}"?` : '.'}`;
          if (hint && !known.includes(key)) fix = { title: `Rename to "${hint}"`, patch: [{ op: 'rename', path: pointer, key: hint }] };
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
        message = meta?.outOfRange ?? custom ?? `${field} must be ${range}; it is ${preview(e.data)}.`;
        break;
      }
      case 'format':
        message = custom ? `${field}: ${custom} Got ${preview(e.data)}.` : `${field} is not a valid ${String(e.params.format)}: ${preview(e.data)}.`;
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

