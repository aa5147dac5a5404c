// One flat config for the whole workspace (packages keep no lint config of their own).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { sidecarLayerZones } from './scripts/lint/sidecar-layers.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '.ci/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Functions a reader can hold in their head; tests, fixtures and harnesses read as scripts and are exempt.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/test/**', '**/testing/**', '**/contract/**', '**/e2e/**'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/test/**', '**/testing/**', '**/contract/**', '**/e2e/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // openid-client marks allowInsecureRequests deprecated; tests talk plain HTTP on loopback by design.
      '@typescript-eslint/no-deprecated': 'off',
    },
  },
  {
    // The Keycloak admin client is used only by the adapter, admin-adapter.ts and its parts in admin/
    // (docs/architecture.md#components); the rest of the apps depend on the port in apps/sidecar/src/keycloak/port.ts.
    files: ['apps/**/*.ts', 'apps/**/*.tsx'],
    ignores: ['apps/sidecar/src/keycloak/admin-adapter.ts', 'apps/sidecar/src/keycloak/admin/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@keycloak/keycloak-admin-client',
              message:
                'Only the adapter (apps/sidecar/src/keycloak/admin-adapter.ts, admin/) talks to Keycloak; use the KeycloakPort.',
            },
          ],
        },
      ],
    },
  },
  {
    // The console takes only types from the contract: a value import would bundle zod, whose probe for
    // `new Function` the console's CSP refuses (docs/architecture.md#security-model). Shared values are in
    // @credman/domain.
    files: ['apps/admin-spa/src/**/*.ts', 'apps/admin-spa/src/**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/testing/**', '**/e2e/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@credman/api-contract',
              allowTypeImports: true,
              message:
                'The console imports only types from the contract; shared values come from @credman/domain.',
            },
          ],
        },
      ],
    },
  },
  {
    // Import boundaries (docs/architecture.md#import-boundaries): no relative import into another workspace (use
    // its package name and `exports`), no import circle, and the sidecar's layers point one way.
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver()],
      // no-cycle follows imports by parsing the imported files, which it does only for these.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      'import-x/no-relative-packages': 'error',
      'import-x/no-cycle': 'error',
    },
  },
  {
    files: ['apps/sidecar/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test/**', '**/testing/**', '**/e2e/**', 'apps/sidecar/src/cluster/**'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: sidecarLayerZones() }],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
