// The verdict on one admission request for a NetworkAttachmentDefinition: spec.config read by the one reader
// (read-config.ts, through nad-text.ts) under the validator's runtime profile. Errors deny, with a message
// listing each finding (code, pointer or position, words); warnings travel in `warnings`; notes are left out.
import { readConfig } from '../read-config';
import { isJsonObject, type JsonObject } from '../model/types';
import { NAD_KIND } from '../model/nad';
import { describeProfile } from '../profiles/profile';
import type { Finding } from '../validate/finding';
import type { Validator } from '../validate/validate';
import type { AdmissionRequest, AdmissionResponse } from './review';
import { nadText, type NadText } from './nad-text';
import { boundedLines, DENIAL_LINE_MAX_RUNES, MAX_CONFIG_CHARS, MAX_DENIAL_LINES, MAX_WARNINGS, printable, truncateRunes, WARNING_MAX_RUNES } from './limits';

export const NAD_GROUP = 'k8s.cni.cncf.io';
export const NAD_VERSION = 'v1';

interface Subject {
  /** "namespace/name" as kubectl names it. */
  label: string;
  name: string | undefined;
  namespace: string | undefined;
}

function subjectOf(request: AdmissionRequest, object: JsonObject): Subject {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  // On CREATE with generateName the name may not be set yet.
  const name = text(metadata.name) ?? text(request.name);
  const namespace = text(metadata.namespace) ?? text(request.namespace);
  return { label: printable(`${namespace ?? '?'}/${name ?? text(metadata.generateName) ?? '?'}`), name, namespace };
}

/** spec.config: the string, absent (Multus reads a file on the node), or another type. */
function configOf(object: JsonObject | null): { kind: 'text'; text: string } | { kind: 'absent' } | { kind: 'not-a-string'; type: string } {
  const spec = object && Object.hasOwn(object, 'spec') ? object.spec : undefined;
  const config = isJsonObject(spec) && Object.hasOwn(spec, 'config') ? spec.config : undefined;
  if (config === undefined || config === null) return { kind: 'absent' };
  if (typeof config === 'string') return { kind: 'text', text: config };
  return { kind: 'not-a-string', type: Array.isArray(config) ? 'an array' : typeof config === 'object' ? 'an object' : `a ${typeof config}` };
}

/**
 * Where a finding is: its JSON pointer in the config as written (a single-plugin config is checked as the
 * list Multus makes of it: `/plugins/0/mode` is `/mode` in the user's JSON), else its line and column.
 */
function where(f: Finding, nad: NadText, single: boolean): string {
  const pointer = single && /^\/plugins\/0(\/|$)/.test(f.pointer) ? f.pointer.slice('/plugins/0'.length) : f.pointer;
  if (pointer !== '') return `at ${pointer}`;
  const at = f.range ? nad.configPosition(f.range.start) : undefined;
  return at ? `at spec.config line ${at.line}, column ${at.column}` : 'in spec.config';
}

// The profile is named once (the denial's first line); the messages name the releases they depend on.
const findingLine = (f: Finding, nad: NadText, single: boolean) => `${f.code} ${where(f, nad, single)}: ${f.message}`;

/** Warnings as the API server passes them on whole: bounded in length and number. */
function warningsOf(lines: readonly string[]): string[] | undefined {
  if (lines.length === 0) return undefined;
  return boundedLines(lines, MAX_WARNINGS, WARNING_MAX_RUNES, (n) => `… and ${n} more warnings: run "cni-studio lint" on the NetworkAttachmentDefinition for all of them.`);
}

function deny(uid: string, message: string, warnings: string[] | undefined): AdmissionResponse {
  return { uid, allowed: false, status: { code: 403, message }, ...(warnings ? { warnings } : {}) };
}

const allow = (uid: string, warnings?: string[]): AdmissionResponse => ({ uid, allowed: true, ...(warnings?.length ? { warnings } : {}) });

/** The response to one admission request; DELETE and CONNECT and other kinds are allowed as they are. */
export function judgeAdmission(request: AdmissionRequest, validator: Validator): AdmissionResponse {
  const { uid, kind, operation } = request;
  if (operation !== 'CREATE' && operation !== 'UPDATE') return allow(uid);
  if (kind.group !== NAD_GROUP || kind.version !== NAD_VERSION || kind.kind !== NAD_KIND) {
    const gvk = truncateRunes(printable(`${kind.group === '' ? '' : `${kind.group}/`}${kind.version} ${kind.kind}`), 80);
    return allow(uid, [`cni-studio checks ${NAD_GROUP}/${NAD_VERSION} ${NAD_KIND} only: this ${gvk} was not checked (see the webhook's rules).`]);
  }
  const object = request.object!;
  const subject = subjectOf(request, object);
  const config = configOf(object);
  if (config.kind === 'absent') {
    return allow(uid, [truncateRunes(`${subject.label}: CNI022 no spec.config: Multus reads the config from a file named after the NAD on each node; nothing here to check.`, WARNING_MAX_RUNES)]);
  }
  if (config.kind === 'not-a-string') {
    return deny(uid, `${NAD_KIND} ${subject.label}: CNI021 at spec.config: it must be a string holding the CNI JSON, not ${config.type}; Multus does not read it otherwise.`, undefined);
  }
  if (config.text.length > MAX_CONFIG_CHARS) {
    const kib = (n: number) => `${Math.ceil(n / 1024)} KiB`;
    return deny(uid, `${NAD_KIND} ${subject.label}: CNI010 at spec.config: it is ${kib(config.text.length)}; this webhook reads configs up to ${kib(MAX_CONFIG_CHARS)} (real ones are a few KiB), so one review cannot hold it for seconds. Check it with "cni-studio lint".`, undefined);
  }
  const nad = nadText(config.text, subject.name, subject.namespace);
  const read = readConfig(nad.text, 'admission-review.yaml', validator);
  const findings = read.ok ? read.findings : read.textFindings;
  const single = read.ok && read.source.configs[read.index]?.upConverted === true;
  const errors = findings.filter((f) => f.severity === 'error').map((f) => findingLine(f, nad, single));
  const warnings = findings.filter((f) => f.severity === 'warning').map((f) => `${subject.label}: ${findingLine(f, nad, single)}`);
  if (errors.length === 0) return allow(uid, warningsOf(warnings));
  // An UPDATE that leaves spec.config as it was (labels, annotations, finalizers) is never blocked by
  // errors the stored object already had: the errors are told as warnings instead.
  const old = request.oldObject ? configOf(request.oldObject) : undefined;
  if (operation === 'UPDATE' && old?.kind === 'text' && old.text === config.text) {
    const told = `${subject.label}: spec.config did not change; its ${errors.length} error${errors.length === 1 ? '' : 's'} (${describeProfile(validator.profile)}) are not enforced on this update.`;
    return allow(uid, warningsOf([told, ...errors.map((e) => `${subject.label}: ${e}`), ...warnings]));
  }
  const header = `${NAD_KIND} ${subject.label}: spec.config has ${errors.length} error${errors.length === 1 ? '' : 's'} for ${describeProfile(validator.profile)}:`;
  const lines = boundedLines(errors, MAX_DENIAL_LINES, DENIAL_LINE_MAX_RUNES, (n) => `… and ${n} more: run "cni-studio lint" on the NetworkAttachmentDefinition for all of them.`);
  return deny(uid, [header, ...lines.map((l) => `- ${l}`)].join('\n'), warningsOf(warnings));
}
