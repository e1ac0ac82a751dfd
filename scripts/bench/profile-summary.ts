/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): the functions with the most self time and the most inclusive
 * time, as a table for docs/benchmarks.md.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/bench/commands.bench.ts --seconds 3
 *   npx tsx scripts/bench/profile-summary.ts /tmp/prof/CPU.*.cpuprofile [--top 25] [--match hub/src,core/src]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const file = args.find((a) => !a.startsWith('--') && a.endsWith('.cpuprofile'));
if (!file) {
  process.stderr.write('usage: profile-summary.ts FILE.cpuprofile [--top N] [--match a,b]\n');
  process.exit(2);
}
const top = Number(option('top') ?? 25);
const match = option('match')?.split(',') ?? null;

const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);
const label = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}`;

const hitTime = new Map<number, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  hitTime.set(id, (hitTime.get(id) ?? 0) + dt);
  total += dt;
});
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, time] of hitTime) {
  const node = byId.get(id);
  if (!node) continue;
  self.set(label(node), (self.get(label(node)) ?? 0) + time);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parentOf.get(cur)) {
    const l = label(byId.get(cur) as ProfileNode);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + time);
  }
}
const table = (title: string, times: Map<string, number>) => {
  const rows = [...times]
    .filter(([l]) => match === null || match.some((m) => l.includes(m)))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([l, t]) => `| ${l} | ${(t / 1000).toFixed(0)} | ${((100 * t) / total).toFixed(1)} % |`);
  return [`| ${title} | ms | share |`, '| --- | ---: | ---: |', ...rows].join('\n');
};
process.stdout.write(
  `profile of ${(total / 1000).toFixed(0)} ms\n\n${table('self time', self)}\n\n${table('inclusive time', inclusive)}\n`,
);
