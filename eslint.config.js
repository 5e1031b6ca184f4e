// ESLint (flat config): JavaScript's and typescript-eslint's recommended rules everywhere, the rules of hooks in the
// renderer. Style is Prettier's job (.prettierrc.json), so no formatting rules here. Run by `npm test` (tests/run.mjs).
// The type-aware rule sets (recommendedTypeChecked) are left out: with the four tsconfig projects they took over three
// minutes on two cores against about 20 s for this set.

import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['out/', 'dist/', 'node_modules/', 'tests/artifacts/', 'test-results/', 'playwright-report/', '.bench-data/', '.vanthu-data/', 'resources/', 'docs/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberately unused (a destructured-away field, a required callback parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  // The core, the tests and the build configs run in Node.
  { files: ['src-main/**', 'src-hub/**', 'tests/**', '*.ts', '*.js', '*.mjs'], languageOptions: { globals: { ...globals.node } } },
  // The end-to-end tests pass callbacks into the page: both.
  { files: ['tests/e2e/**'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
  // The renderer runs in the browser (or Electron's sandboxed renderer) and is React.
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
);
