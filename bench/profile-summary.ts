/**
 * `node --import tsx bench/profile-summary.ts <file.cpuprofile>`: self time by function and by
 * source file of a V8 CPU profile, to say where the SDK's client time goes.
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const file = process.argv[2];
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile>');
const profile = JSON.parse(await readFile(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; startTime: number; endTime: number };
/** `PER=<n>`: also print each line as µs per unit (records × passes of the profiled run). */
const per = Number(process.env.PER ?? 0);
const msPerSample = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
const total = profile.samples.length;
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  if (hits === 0) continue;
  const url = node.callFrame.url.replace(/^file:\/\/.*?\/(node_modules|src|bench)\//, '$1/');
  const name = `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
  const group = url === '' ? node.callFrame.functionName : url.replace(/^(node_modules\/[^/]+).*/, '$1');
  byFile.set(group, (byFile.get(group) ?? 0) + hits);
}
const top = (map: Map<string, number>, count: number) =>
  [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, hits]) => `${((hits / total) * 100).toFixed(1).padStart(5)} %${per > 0 ? ` ${((hits * msPerSample * 1000) / per).toFixed(2).padStart(7)} µs` : ''}  ${name}`).join('\n');
process.stdout.write(`samples ${total}\n\nby file or package:\n${top(byFile, 20)}\n\nby function:\n${top(byFunction, 30)}\n`);
