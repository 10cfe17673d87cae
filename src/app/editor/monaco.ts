// Monaco, configured once. This module is loaded lazily (with the editor panel's first use), so the
// first screen does not pay for it. Everything is bundled by Vite: no CDN, no remote schemas.
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/features/register.all.js';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register.js';
import 'monaco-editor/languages/definitions/yaml/register.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker.js?worker';
import { buildEditorSchemas, type Finding, type RuntimeProfile } from '../../core';
import { chosenProfile, onProfile } from '../profile-choice';
import { fullCatalog } from '../catalog-full';

(self as unknown as { MonacoEnvironment: { getWorker(id: string, label: string): Worker } }).MonacoEnvironment = {
  getWorker: (_id, label) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
};

// Completion and hovers come from the schemas; diagnostics come from our validator (same codes and
// messages as the Problems panel), so the worker's own validation is off.
// They follow the runtime profile: a field its releases do not read completes struck through, and says why.
const schemasFor = (profile: RuntimeProfile) =>
  jsonDefaults.setDiagnosticsOptions({
    validate: false,
    enableSchemaRequest: false,
    allowComments: false,
    schemas: buildEditorSchemas(fullCatalog, profile).map((s) => ({ uri: s.uri, fileMatch: s.fileMatch, schema: s.schema })),
  });
schemasFor(chosenProfile());
onProfile(schemasFor);
// With validation off, the worker's diagnostics pass still parsed the whole text half a second after every
// change, for nothing, and it was scheduled before a change could make the model plain text (session.ts:
// text nested too deep for the worker's recursive parser). Colours: a CNI config has none to pick.
jsonDefaults.setModeConfiguration({ ...jsonDefaults.modeConfiguration, diagnostics: false, colors: false });

export const MARKER_OWNER = 'cni-studio';

const SEVERITY = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info } as const;

export function toMarkers(findings: readonly Finding[]): monaco.editor.IMarkerData[] {
  return findings
    .filter((f) => f.line !== undefined)
    .map((f) => ({
      severity: SEVERITY[f.severity],
      message: f.message,
      code: f.code,
      source: 'CNI Studio',
      startLineNumber: f.line!,
      startColumn: f.column!,
      endLineNumber: f.endLine ?? f.line!,
      endColumn: Math.max(f.endColumn ?? f.column! + 1, f.endLine === f.line ? f.column! + 1 : 1),
    }));
}

export { monaco };

// Monaco's own themes dim the last line's number (renderFinalNewline) below 4.5:1 contrast; ours keep
// every line number readable (axe checks the editors in both themes).
monaco.editor.defineTheme('cni-light', { base: 'vs', inherit: true, rules: [], colors: { 'editorLineNumber.foreground': '#57606a', 'editorLineNumber.dimmedForeground': '#57606a' } });
monaco.editor.defineTheme('cni-dark', { base: 'vs-dark', inherit: true, rules: [], colors: { 'editorLineNumber.foreground': '#9198a1', 'editorLineNumber.dimmedForeground': '#9198a1' } });

/** The Monaco theme for the app's theme (every editor shares it: Monaco has one theme per page). */
export const monacoTheme = (theme: 'light' | 'dark'): string => (theme === 'dark' ? 'cni-dark' : 'cni-light');
