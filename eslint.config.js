// Lint config. The rule that matters most: src/core stays pure so the app, the lab helper and the CLI
// can all share it (no DOM, no Node, no React/Monaco, no imports from the environments that use it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const CORE_PURITY =
  'src/core is the pure, framework-free domain shared by the app, the lab helper and the CLI: it must not import ' +
  'from src/app, src/helper, src/cli or src/node, nor React, Monaco, the DOM or Node built-ins. Pass such things in as arguments.';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'coverage/', '.tmp/', 'build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/**', '**/app', '**/helper/**', '**/helper', '**/cli/**', '**/cli', '**/node/**', '**/node'], message: CORE_PURITY },
            { group: ['react', 'react-*', 'react/*', '@xyflow/*', 'monaco-editor', 'monaco-editor/*', 'zustand', 'zustand/*', 'zundo'], message: CORE_PURITY },
            { group: ['node:*'], message: CORE_PURITY },
          ],
          paths: ['fs', 'fs/promises', 'path', 'os', 'child_process', 'http', 'https', 'net', 'url', 'crypto', 'stream', 'util', 'process'].map((name) => ({ name, message: CORE_PURITY })),
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'process', 'require', 'Buffer', '__dirname', 'fetch'].map((name) => ({ name, message: CORE_PURITY })),
      ],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    ignores: ['src/app/**/*.test.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/helper/**', '**/cli/**', '**/node/**', 'node:*'], message: 'src/app runs in the browser: it shares code with the helper and CLI only through src/core.' }] }],
    },
  },
  {
    files: ['src/helper/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/app/**'], message: 'src/helper never imports the browser app; the shared contract lives in src/core.' }] }],
    },
  },
  {
    files: ['src/webhook/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/app/**', '**/helper/**', '**/cli/**'], message: 'src/webhook is the HTTPS transport of the admission webhook: it imports src/core (what is judged) and src/node, never the app, the lab helper or the CLI.' }] }],
    },
  },
  {
    files: ['src/node/**/*.ts', 'src/cli/**/*.ts', 'src/helper/**/*.ts', 'src/webhook/**/*.ts', 'src/helper/probes/*.mjs', 'scripts/**/*.mjs', 'bin/**/*.mjs', 'bench/**/*.ts', 'e2e/**/*.ts', '*.config.{ts,js}', 'src/**/*.test.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    // The bin is CommonJS: an ES module entry starts Node's ES module loader (bin/built.cjs).
    files: ['bin/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
