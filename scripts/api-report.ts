/**
 * The API report: every public subpath's export names and kinds, read from the source entries
 * with the TypeScript compiler. `npm run api-report` writes `test/exports/api-report.json`;
 * `test/architecture/api-report.test.ts` fails when the surface differs from the committed report, so
 * a change to the public API is always a deliberate, reviewed change of that file.
 * (See docs/decisions for why this and not @microsoft/api-extractor.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { entries } from '../tsup.config.js';

/** `{ "unified-ats/sync": { "createSyncEngine": "function", ... }, ... }`. */
export type ApiReport = Record<string, Record<string, string>>;

const root = join(import.meta.dirname, '..');
/** Where the committed report lives. */
export const reportPath = join(root, 'test/exports/api-report.json');

/** The source entry of each public subpath, from the exports map and the tsup entries. */
function subpathEntries(): Record<string, string> {
  const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  const out: Record<string, string> = {};
  const table: Record<string, string> = entries;
  for (const key of Object.keys(packageJson.exports)) {
    if (key === './package.json') continue;
    const entry = key === '.' ? table.index : table[`${key.slice(2)}/index`];
    if (!entry) throw new Error(`The exports map has ${key}, but tsup.config.ts has no entry for it`);
    out[key === '.' ? 'unified-ats' : `unified-ats/${key.slice(2)}`] = join(root, entry);
  }
  return out;
}

/** What an exported symbol is, in one word. */
function kindOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const flags = target.flags;
  const kinds: string[] = [];
  if (flags & ts.SymbolFlags.Class) kinds.push('class');
  else if (flags & ts.SymbolFlags.Function) kinds.push('function');
  else if (flags & ts.SymbolFlags.Enum) kinds.push('enum');
  else if (flags & ts.SymbolFlags.Variable) {
    const declaration = target.valueDeclaration;
    const constant = declaration && ts.isVariableDeclaration(declaration) && (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0;
    kinds.push(constant ? 'const' : 'variable');
  }
  if (flags & ts.SymbolFlags.Interface) kinds.push('interface');
  if (flags & ts.SymbolFlags.TypeAlias) kinds.push('type');
  if (flags & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule)) kinds.push('namespace');
  return kinds.join(' + ') || 'unknown';
}

/** Builds the report from the source entries. */
export function buildApiReport(): ApiReport {
  const subpaths = subpathEntries();
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const program = ts.createProgram(Object.values(subpaths), { ...config?.options, noEmit: true });
  const checker = program.getTypeChecker();
  const report: ApiReport = {};
  for (const [subpath, file] of Object.entries(subpaths)) {
    const source = program.getSourceFile(file);
    const module = source ? checker.getSymbolAtLocation(source) : undefined;
    if (!module) throw new Error(`Cannot read the exports of ${file}`);
    const exports: Record<string, string> = {};
    for (const symbol of checker.getExportsOfModule(module).sort((a, b) => a.name.localeCompare(b.name))) exports[symbol.name] = kindOf(symbol, checker);
    report[subpath] = exports;
  }
  return report;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  writeFileSync(reportPath, `${JSON.stringify(buildApiReport(), null, 2)}\n`);
  console.log(`Wrote ${reportPath}`);
}
