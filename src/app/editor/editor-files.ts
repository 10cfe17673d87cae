// The meta in which the build names the editor's files (scripts/vite-plugin-editor-preload.ts writes it,
// preload.ts reads it): its content is their addresses, separated by spaces. No DOM here: the build's
// config imports it too.
export const EDITOR_FILES_META = 'cni-studio:editor-files';
