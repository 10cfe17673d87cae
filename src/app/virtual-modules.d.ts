// Modules the build makes (vite.config.ts's plugins).

declare module 'virtual:plugin-catalog' {
  /** The first screen's plugin catalog as data (scripts/vite-plugin-catalog.ts). */
  const data: import('../core').PluginCatalogData;
  export default data;
}
