import { defineConfig } from 'tsup';

/**
 * One entry per subpath export (package.json "exports"), built as ESM and CommonJS with types.
 * Adding a connector: one line here, one line in "exports", one line in src/connectors/index.ts.
 */
export const entries = {
  index: 'src/index.ts',
  'connectors/index': 'src/connectors/index.ts',
  'teamtailor/index': 'src/connectors/teamtailor/index.ts',
  'jarvi/index': 'src/connectors/jarvi/index.ts',
  'flatchr/index': 'src/connectors/flatchr/index.ts',
  'crelate/index': 'src/connectors/crelate/index.ts',
  'gem/index': 'src/connectors/gem/index.ts',
  'sync/index': 'src/sync/index.ts',
  'postgres/index': 'src/postgres/index.ts',
  'fleet/index': 'src/fleet/index.ts',
  'testing/index': 'src/testing/index.ts',
  'webhooks/index': 'src/webhooks/index.ts',
  'rules/index': 'src/rules/index.ts',
} as const;

export default defineConfig([
  {
    entry: entries,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    target: 'node20',
    platform: 'node',
    outDir: 'dist',
    // `import.meta.url` in the CommonJS build (unified-ats/postgres resolves its optional `pg`
    // peer with createRequire from its own location).
    shims: true,
  },
  {
    entry: { 'cli/bin': 'src/cli/bin.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    outDir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
