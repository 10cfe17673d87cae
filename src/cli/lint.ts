// `cni-studio lint <paths…>`: files (.conflist, .conf, .json, NAD .yaml) and conf directories.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeConfDir, compareFindings, MAX_SOURCE_CHARS, RULES_BY_CODE, unreadableReason, type Finding, type Validator } from '../core';
import { parseArgs, UsageError } from './args';

export const LINT_USAGE = `usage: cni-studio lint [--format text|json] <file-or-directory>…
       cni-studio lint --explain CODE

Checks CNI network configurations: .conflist, .conf, .json and NetworkAttachmentDefinition YAML.
For a directory it also reports what a runtime does there: which file wins for each network name,
duplicate names, and broken files that block lookups.

  --format text   file:line:col severity code message (default)
  --format json   [{"file", "findings": [{"code","severity","message","pointer","line","column"}]}]
  --explain CODE  what a rule checks, why, an example and the fix

Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable input.`;

const CONFIG_FILE = /\.(conflist|conf|json|ya?ml)$/i;

interface FileReport {
  file: string;
  findings: Finding[];
}

export class InputError extends Error {}

export function readConfigText(path: string): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new InputError(`${path}: is a directory, not a config file`);
    size = stat.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  // Checked before reading, so a huge file is never loaded; the same limit as every other import path.
  if (size > MAX_SOURCE_CHARS) throw new InputError(`${path}: ${(size / 1024 / 1024).toFixed(1)} MB is too large for a CNI config (the limit is ${MAX_SOURCE_CHARS / 1024 / 1024} MB)`);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(readFileSync(path)).replace(/^\uFEFF/, '');
  const reason = unreadableReason(text);
  if (reason) throw new InputError(`${path}: ${reason}`);
  return text;
}

function lintDirectory(dir: string, validator: Validator): FileReport[] {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);
  const files = names.filter((n) => /\.(conflist|conf|json)$/.test(n)).map((name) => ({ name, text: readConfigText(join(dir, name)) }));
  const report = analyzeConfDir(files, validator);
  const out: FileReport[] = [];
  for (const name of report.configFiles) {
    const dirFindings = report.findings.filter((f) => f.file === name).map(({ file: _file, ...f }) => f);
    out.push({ file: join(dir, name), findings: [...(report.perFile.get(name) ?? []), ...dirFindings].sort(compareFindings) });
  }
  for (const name of names.filter((n) => CONFIG_FILE.test(n) && /\.ya?ml$/i.test(n))) {
    out.push({ file: join(dir, name), findings: validator.validate(readConfigText(join(dir, name)), { fileName: name }) });
  }
  return out;
}

function formatText(reports: FileReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    for (const f of r.findings) lines.push(`${r.file}:${f.line ?? 1}:${f.column ?? 1} ${f.severity} ${f.code} ${f.message}`);
  }
  const all = reports.flatMap((r) => r.findings);
  const count = (s: string) => all.filter((f) => f.severity === s).length;
  lines.push(`${reports.length} file(s): ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`);
  return lines.join('\n');
}

function formatJson(reports: FileReport[]): string {
  return JSON.stringify(
    reports.map((r) => ({
      file: r.file,
      findings: r.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, pointer: f.pointer, line: f.line ?? 1, column: f.column ?? 1 })),
    })),
    null,
    2,
  );
}

export function explain(code: string): string {
  const doc = RULES_BY_CODE.get(code.toUpperCase());
  if (!doc) throw new UsageError(`no rule ${code}; codes are CNI001…CNI799 (see the rule catalog)`);
  return `${doc.code} (${doc.severity}): ${doc.title}\n\nWhy: ${doc.why}\nExample: ${doc.example || '(empty)'}\nFix: ${doc.fix}`;
}

export function lint(argv: readonly string[], validator: Validator, out: (s: string) => void): number {
  const { flags, positional } = parseArgs(argv, { values: ['format', 'explain'], booleans: ['help'] });
  if (flags.has('help')) {
    out(LINT_USAGE);
    return 0;
  }
  const explainCode = flags.get('explain');
  if (typeof explainCode === 'string') {
    out(explain(explainCode));
    return 0;
  }
  const format = flags.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${String(format)}"`);
  if (positional.length === 0) throw new UsageError('name at least one file or directory to lint');
  const reports: FileReport[] = [];
  for (const path of positional) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (e) {
      throw new InputError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    if (isDir) reports.push(...lintDirectory(path, validator));
    else reports.push({ file: path, findings: validator.validate(readConfigText(path), { fileName: path }) });
  }
  out(format === 'json' ? formatJson(reports) : formatText(reports));
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}
