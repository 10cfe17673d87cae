// The drag payload from the palette: a plugin type under our own MIME type.
export const PLUGIN_MIME = 'application/x-cni-plugin';
