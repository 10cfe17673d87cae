// `cni-studio lint <paths…>`: files (.conflist, .conf, .json, NAD .yaml) and conf directories.
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { analyzeConfDir, compareFindings, confDirKind, crossNadFindings, DEFAULT_PROFILE, isYamlFileName, notUtf8Finding, readConfig, RULES_BY_CODE, type ConfDirFile, type Finding, type JsonObject, type ParsedSource, type RuntimeProfile, type Validator } from '../core';
import { parseArgs, PROFILE_FLAGS, PROFILE_USAGE, profileFlags, validatorFor, UsageError } from './args';
import { InputError, readFileText } from './config-file';
import { withNetworkFolder } from './network-folder';
import { pluginFileNames } from './libcni-file';
import { formatGithub, formatSarif } from './lint-formats';

export const LINT_USAGE = `usage: cni-studio lint [--format text|json|sarif|github] [--libcni VERSION] [--plugins VERSION] <file-or-directory>…
       cni-studio lint --explain CODE

Checks CNI network configurations: .conflist, .conf, .json and NetworkAttachmentDefinition YAML,
including whole-cluster dumps (kubectl get network-attachment-definitions -A -o yaml, or -o json).
Across all Kubernetes files given it also checks the NADs against each other (CNI800…CNI805): one name
twice, a bridge shared with other subnets or IPAM, overlapping host-local or whereabouts ranges, and
networks that pods in the input ask for but no NAD provides.
For a directory it also reports what a runtime does there: which file wins for each network name,
duplicate names, and broken files that block lookups. From libcni 1.3 a .conflist, in a directory or
named alone, also runs the *.conf plugin files in <dir>/<network>/ (reported after it; JSON gives the
assembled list as "effective").

  --format text   file:line:col severity code message (default); [namespace/name] before the
                  message for a Kubernetes object's finding
  --format json   [{"file", "findings": [{"code","severity","message","pointer","line","column"}]}],
                  "object" (namespace/name) for a Kubernetes object's finding
  --format sarif  SARIF 2.1.0 for code scanning: one rule per finding code (with its documentation),
                  each result at its file, line and column (paths relative to the working directory)
  --format github GitHub Actions annotations: ::error file=…,line=…,col=…::message (warnings, notices)
  --explain CODE  what a rule checks, why, an example and the fix
${PROFILE_USAGE}

Findings follow the runtime profile: an error where its libcni or plugins refuse or fail, a warning where
they silently do something else (a key the release ignores, a default that changed). Findings that depend
on the profile name it (in JSON: "profile").

A file that cannot be read (binary, not UTF-8, no permission) is reported as a finding (CNI010) and the
others are still checked.

Exit status: 0 no errors, 1 errors found (unreadable files included), 2 bad usage (a path that does not exist).`;

interface FileReport {
  file: string;
  findings: Finding[];
  /** In a directory, a list with plugin files appended: the list as libcni assembles it. */
  effective?: JsonObject;
  /** What was read, for the rules across NADs (not printed). */
  source?: ParsedSource;
}

const unreadableFinding = (reason: string): Finding => ({ code: 'CNI010', severity: 'error', message: `Not checked: ${reason}.`, pointer: '', line: 1, column: 1 });

/** An unexpected failure while checking one file becomes that file's finding: the other files are still checked. */
const failureFinding = (e: unknown): Finding => ({
  code: 'CNI012',
  severity: 'error',
  message: `CNI Studio failed while checking this file (${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}); this is a defect in CNI Studio, please report it with the file.`,
  pointer: '',
  line: 1,
  column: 1,
});

/** `named`: given on the command line (a pipe is then read as asked), not found in a directory. */
function lintFile(path: string, validator: Validator, fileName = path, named = false): FileReport {
  const read = readFileText(path, named);
  if (!read.ok) return { file: path, findings: [unreadableFinding(read.reason)] };
  try {
    const { textFindings, source } = readConfig(read.text, fileName, validator);
    const findings = read.replaced ? [notUtf8Finding(read.text, read.replaced), ...textFindings].sort(compareFindings) : textFindings;
    return { file: path, findings, source };
  } catch (e) {
    return { file: path, findings: [failureFinding(e)] };
  }
}

/**
 * A file named on the command line: from libcni 1.3 a list is checked as libcni loads it from disk, with
 * its network folder's plugin files (reported after it, as in a directory).
 */
function lintNamedFile(path: string, validator: Validator): FileReport[] {
  const alone = lintFile(path, validator, path, true);
  const read = alone.source?.format === 'json' ? readFileText(path, true) : undefined;
  let folder;
  try {
    folder = read?.ok ? withNetworkFolder(path, read.text, validator) : undefined;
  } catch (e) {
    return [{ ...alone, findings: [...alone.findings, failureFinding(e)] }];
  }
  if (!folder) return [alone];
  const list = { ...alone, findings: [...folder.findings].sort(compareFindings), ...(folder.appended.length > 0 ? { effective: folder.conflist } : {}) };
  return [list, ...folder.pluginFiles.map((p) => ({ file: p.path, findings: [...p.findings].sort(compareFindings) }))];
}

/** Whether an entry is a folder as libcni opens `<dir>/<network>`: a symlink to one is followed. */
function isFolder(dir: string, entry: Dirent): boolean {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(join(dir, entry.name)).isDirectory();
  } catch {
    return false;
  }
}

/** The `*.conf` files in the directory's immediate folders: libcni 1.3 appends a network's to its list. */
function folderPluginFiles(dir: string): ConfDirFile[] {
  const out: ConfDirFile[] = [];
  for (const folder of readdirSync(dir, { withFileTypes: true }).filter((d) => isFolder(dir, d))) {
    // A folder that cannot be listed: libcni fails on it only when a network of that name is looked up.
    for (const file of pluginFileNames(join(dir, folder.name)) ?? []) {
      const name = `${folder.name}/${file}`;
      const read = readFileText(join(dir, name), false, true);
      out.push(read.ok ? { name, text: read.text, replaced: read.replaced } : { name, text: '', unreadable: read.reason, ...(read.tooLarge ? { unchecked: true as const } : {}) });
    }
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function lintDirectory(dir: string, validator: Validator, profile: RuntimeProfile = DEFAULT_PROFILE): FileReport[] {
  // Every entry that is not a directory, as libcni lists them: a symlink (read as what it points to), and
  // a pipe or device libcni would try to read too (reported here as unreadable, never read).
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((d) => !d.isDirectory())
    .map((d) => d.name);
  const files: ConfDirFile[] = [];
  for (const name of names.filter((n) => confDirKind(n) !== undefined)) {
    const read = readFileText(join(dir, name), false, true);
    files.push(read.ok ? { name, text: read.text, replaced: read.replaced } : { name, text: '', unreadable: read.reason, ...(read.tooLarge ? { unchecked: true as const } : {}) });
  }
  // What runtimes ignore is named, never read (YAML is linted below, as Kubernetes objects).
  const ignored: ConfDirFile[] = names.filter((n) => confDirKind(n) === undefined).map((name) => ({ name, text: '' }));
  const plugins = folderPluginFiles(dir);
  const out: FileReport[] = [];
  try {
    const report = analyzeConfDir([...files, ...ignored, ...plugins], validator, profile);
    // By file, once: a directory of thousands would otherwise scan every finding and plugin file per file.
    const dirFindingsOf = groupBy(report.findings, (f) => f.file);
    const pluginFilesOf = groupBy(report.pluginFiles, (p) => p.list);
    // A file left unread for its size has CNI707 instead: libcni reads it.
    const unreadableFile = new Map([...files, ...plugins].map((p) => [p.name, p.unchecked ? undefined : p.unreadable]));
    const reportOf = (name: string, extra: Finding[] = []): FileReport => {
      const dirFindings = (dirFindingsOf.get(name) ?? []).map(({ file: _file, ...f }) => f);
      const effective = report.effective.get(name);
      return { file: join(dir, name), findings: [...(report.perFile.get(name) ?? []), ...extra, ...dirFindings].sort(compareFindings), ...(effective && effective.appended.length > 0 ? { effective: effective.conflist } : {}) };
    };
    const unreadableFindings = (name: string) => {
      const reason = unreadableFile.get(name);
      return reason === undefined ? [] : [unreadableFinding(reason)];
    };
    // The directory's own findings (nothing in it a runtime reads) under its name.
    if (dirFindingsOf.has('')) out.push({ ...reportOf(''), file: dir });
    for (const name of report.configFiles) {
      out.push(reportOf(name, unreadableFindings(name)));
      // The plugin files its list appends (or that libcni leaves unread for it), right after it.
      for (const { file } of pluginFilesOf.get(name) ?? []) out.push(reportOf(file, unreadableFindings(file)));
    }
    for (const { name } of ignored) if (!isYamlFileName(name)) out.push(reportOf(name));
  } catch {
    // The directory analysis failed on some file: check each file on its own, so only that one fails.
    for (const f of files) out.push(lintFile(join(dir, f.name), validator, f.name));
  }
  for (const name of names.filter(isYamlFileName)) out.push(lintFile(join(dir, name), validator, name));
  return out;
}

/** The rules across NADs, over every Kubernetes file read (dumps, files, a directory's YAML files). */
function addCrossNadFindings(reports: FileReport[]): void {
  const sources = reports.flatMap((r) => (r.source?.format === 'yaml' ? [{ file: r.file, source: r.source }] : []));
  if (sources.length === 0) return;
  const byFile = new Map(reports.map((r) => [r.file, r]));
  const touched = new Set<FileReport>();
  for (const { file, finding } of crossNadFindings(sources)) {
    const report = byFile.get(file)!;
    report.findings.push(finding);
    touched.add(report);
  }
  for (const r of touched) r.findings.sort(compareFindings);
}

function formatText(reports: FileReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    for (const f of r.findings) lines.push(`${r.file}:${f.line ?? 1}:${f.column ?? 1} ${f.severity} ${f.code} ${f.object ? `[${f.object}] ` : ''}${f.message}`);
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
      findings: r.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, pointer: f.pointer, line: f.line ?? 1, column: f.column ?? 1, ...(f.object ? { object: f.object } : {}), ...(f.profile ? { profile: f.profile } : {}) })),
      ...(r.effective ? { effective: r.effective } : {}),
    })),
    null,
    2,
  );
}

const FORMATS = ['text', 'json', 'sarif', 'github'];

/** The tool's version, for SARIF's driver (from the package this file ships in). */
function packageVersion(): string {
  try {
    return String((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown }).version ?? '0.0.0');
  } catch {
    return '0.0.0';
  }
}

export function explain(code: string): string {
  const doc = RULES_BY_CODE.get(code.toUpperCase());
  if (!doc) throw new UsageError(`no rule ${code}; codes are CNI001…CNI899 (see the rule catalog)`);
  return `${doc.code} (${doc.severity}): ${doc.title}\n\nWhy: ${doc.why}\nExample: ${doc.example || '(empty)'}\nFix: ${doc.fix}`;
}

export function lint(argv: readonly string[], given: Validator, out: (s: string) => void): number {
  const { flags, positional } = parseArgs(argv, { values: ['format', 'explain', ...PROFILE_FLAGS], booleans: ['help'] });
  if (flags.has('help')) {
    out(LINT_USAGE);
    return 0;
  }
  const profile = profileFlags(flags);
  const validator = validatorFor(given, profile);
  const explainCode = flags.get('explain');
  if (typeof explainCode === 'string') {
    out(explain(explainCode));
    return 0;
  }
  const format = flags.get('format') ?? 'text';
  if (!FORMATS.includes(String(format))) throw new UsageError(`--format must be ${FORMATS.slice(0, -1).join(', ')} or ${FORMATS.at(-1)}, not "${String(format)}"`);
  if (positional.length === 0) throw new UsageError('name at least one file or directory to lint');
  const reports: FileReport[] = [];
  // A path that does not exist is a usage error, found before anything is checked.
  const kinds = positional.map((path) => {
    try {
      return statSync(path).isDirectory() ? ('directory' as const) : ('file' as const);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputError(`${path}: no such file or directory (${code})`);
      return 'file' as const; // e.g. EACCES: reported as that file's finding
    }
  });
  for (const [i, path] of positional.entries()) {
    if (kinds[i] === 'directory') {
      try {
        reports.push(...lintDirectory(path, validator, profile));
      } catch (e) {
        reports.push({ file: path, findings: [unreadableFinding(`the directory cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`)] });
      }
    } else reports.push(...lintNamedFile(path, validator));
  }
  addCrossNadFindings(reports);
  out(format === 'json' ? formatJson(reports) : format === 'sarif' ? formatSarif(reports, packageVersion()) : format === 'github' ? formatGithub(reports) : formatText(reports));
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}
