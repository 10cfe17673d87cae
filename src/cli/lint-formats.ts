// What `lint` prints for CI: SARIF 2.1.0 as code-scanning services read it (one rule per finding code, with
// its documentation from the rule catalog; each result at its file, line and column), and workflow-command
// annotations (`::error file=…,line=…,col=…::message`) that a GitHub Actions log turns into inline notes.
import { relative, sep } from 'node:path';
import { RULES_BY_CODE, type Finding } from '../core';

export interface LintReport {
  file: string;
  findings: Finding[];
}

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const LEVEL: Record<Finding['severity'], 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A path as SARIF wants it: relative to the working directory, with forward slashes (a URI reference). */
function uriOf(file: string, cwd: string): string {
  const rel = relative(cwd, file) || file;
  return rel.split(sep).map(encodeURIComponent).join('/');
}

export function formatSarif(reports: readonly LintReport[], version: string, cwd = process.cwd()): string {
  const codes = [...new Set(reports.flatMap((r) => r.findings.map((f) => f.code)))].sort();
  const rules = codes.map((code) => {
    const doc = RULES_BY_CODE.get(code);
    return {
      id: code,
      ...(doc
        ? {
            name: doc.title,
            shortDescription: { text: doc.title },
            fullDescription: { text: doc.why },
            help: { text: `${doc.why}\nFix: ${doc.fix}${doc.example ? `\nExample: ${doc.example}` : ''}\n(cni-studio lint --explain ${code})` },
            defaultConfiguration: { level: LEVEL[doc.severity] },
          }
        : { shortDescription: { text: code } }),
    };
  });
  const results = reports.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.code,
      ruleIndex: codes.indexOf(f.code),
      level: LEVEL[f.severity],
      message: { text: f.object ? `[${f.object}] ${f.message}` : f.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(r.file, cwd) }, region: { startLine: Math.max(1, f.line ?? 1), startColumn: Math.max(1, f.column ?? 1) } } }],
      ...(f.pointer || f.profile || f.object ? { properties: { ...(f.pointer ? { pointer: f.pointer } : {}), ...(f.object ? { object: f.object } : {}), ...(f.profile ? { profile: f.profile } : {}) } } : {}),
    })),
  );
  const log = {
    version: '2.1.0',
    $schema: SARIF_SCHEMA,
    runs: [{ tool: { driver: { name: 'cni-studio', semanticVersion: version, rules } }, columnKind: 'utf16CodeUnits', results }],
  };
  return JSON.stringify(log, null, 2);
}

/** Workflow commands escape these in a property (file) and in the message (data). */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(reports: readonly LintReport[], cwd = process.cwd()): string {
  const command: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', info: 'notice' };
  return reports
    .flatMap((r) =>
      r.findings.map((f) => {
        const file = relative(cwd, r.file) || r.file;
        return `::${command[f.severity]} file=${escapeProperty(file.split(sep).join('/'))},line=${f.line ?? 1},col=${f.column ?? 1},title=${escapeProperty(f.code)}::${escapeData(`${f.code} ${f.object ? `[${f.object}] ` : ''}${f.message}`)}`;
      }),
    )
    .join('\n');
}
