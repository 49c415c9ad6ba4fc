// ESLint: typescript-eslint's type-checked recommendations on the TypeScript sources, plus the
// layering rules of the architecture (the pure core imports no editor, file system or process API;
// the client crosses into the server only through server/src/shared/).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_IO = ['node:fs', 'node:fs/promises', 'fs', 'fs/promises', 'node:child_process', 'child_process'];

const CORE_PURE = [
  { group: ['vscode', 'vscode-*'], message: 'The core is pure: no editor or protocol code.' },
  { group: NODE_IO, message: 'The core is pure: read and write through the Workspace.' },
];
// gray-matter can evaluate front matter as JavaScript; only its adapter, which cannot, may use it.
const GRAY_MATTER = { group: ['gray-matter'], message: 'Read front matter through parse/grayMatter.ts.' };

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test/fixtures/**',
      'test/e2e/out/**',
      'bench/tmp/**',
      'bench/out/**',
      '**/*.d.ts',
    ],
  },
  {
    rules: {
      // Lines a reader takes in at a glance; strings, template literals and URLs may run on.
      'max-len': [
        'error',
        {
          code: 110,
          ignoreUrls: true,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['test/e2e/**/*.js'],
    languageOptions: { globals: { ...globals.mocha } },
  },
  {
    // Functions it hands to the browser (page.evaluate) run in the page.
    files: ['scripts/e2e/run.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read the JSON a program printed and compare it with what they expect: a wrong shape
      // fails the assertion, so typing each parse would add nothing.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // In-memory workspaces implement the async Workspace interface with synchronous bodies.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...CORE_PURE, GRAY_MATTER] }],
    },
  },
  {
    files: ['server/src/core/parse/grayMatter.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: CORE_PURE }] },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'server/src/(?!shared/)',
              message: 'The client shares only server/src/shared/ with the server.',
            },
          ],
        },
      ],
    },
  },
);
