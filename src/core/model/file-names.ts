// What a file's name says about its text: the one place that knows the extensions, for every reader
// (import, review, the CLI commands, conf directories) and every file picker.

/** What the file name says the JSON should be; `auto` decides from the content (paste, templates). */
export type FileKind = 'conflist' | 'conf' | 'auto';

/** The extensions CNI Studio reads, for file pickers (`<input accept>`). */
export const CONFIG_FILE_ACCEPT = '.conflist,.conf,.json,.yaml,.yml';

/** NetworkAttachmentDefinition YAML (`.yaml`, `.yml`, any case). */
export const isYamlFileName = (fileName: string): boolean => /\.ya?ml$/i.test(fileName);

/** `.conflist` is a list; `.conf` and `.json` a single plugin (libcni up-converts it); any case. */
export function kindFromFileName(fileName: string | undefined): FileKind {
  if (!fileName) return 'auto';
  if (/\.conflist$/i.test(fileName)) return 'conflist';
  if (/\.(conf|json)$/i.test(fileName)) return 'conf';
  return 'auto';
}

/** A file CNI Studio reads: a JSON config (`.conflist`, `.conf`, `.json`) or NAD YAML; any case. */
export const isConfigFileName = (fileName: string): boolean => kindFromFileName(fileName) !== 'auto' || isYamlFileName(fileName);

/**
 * How a runtime reads a file in a conf directory (libcni's ConfFiles compares extensions exactly, so the
 * case matters here): every `conflist` file first, then the `conf` ones (`.conf`, `.json`); undefined
 * for a file it ignores.
 */
export function confDirKind(fileName: string): 'conflist' | 'conf' | undefined {
  if (fileName.endsWith('.conflist')) return 'conflist';
  if (fileName.endsWith('.conf') || fileName.endsWith('.json')) return 'conf';
  return undefined;
}
