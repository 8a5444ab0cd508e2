/**
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [function|file] [inclusive] [top]`: where a CPU
 * profile (as `BENCH_CPU_PROF` writes it) spent its busy time, by function or by file, self time by
 * default or inclusive of callees ("inclusive"), the `top` entries (40 by default). Idle time and the
 * profiler's own work (the inspector's `dispatch`) are left out of the busy time.
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, by = 'function', mode = 'self', top = '40'] = process.argv.slice(2);
if (!file || !['function', 'file'].includes(by) || !['self', 'inclusive'].includes(mode)) {
  throw new Error('usage: profile-summary.ts <file.cpuprofile> [function|file] [self|inclusive] [top]');
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

const NOT_BUSY = new Set(['(idle)', 'dispatch']);
const selfTime = new Map<number, number>();
let busy = 0;
profile.samples.forEach((id, i) => {
  const name = nodes.get(id)?.callFrame.functionName ?? '';
  if (NOT_BUSY.has(name)) return;
  const micros = profile.timeDeltas[i] ?? 0;
  selfTime.set(id, (selfTime.get(id) ?? 0) + micros);
  busy += micros;
});

/** node_modules/x/… as x/…, the compiled server as dist/…. */
const shortUrl = (url: string) =>
  url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/');
function keyOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (by === 'file') return shortUrl(url) || functionName;
  return `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
}

const totals = new Map<string, number>();
for (const [id, micros] of selfTime) {
  if (mode === 'self') {
    const node = nodes.get(id);
    if (node) totals.set(keyOf(node), (totals.get(keyOf(node)) ?? 0) + micros);
    continue;
  }
  // Inclusive: every distinct caller up the stack gets the sample once (recursion counts once).
  const counted = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
    const node = nodes.get(at);
    if (!node) break;
    const key = keyOf(node);
    if (counted.has(key)) continue;
    counted.add(key);
    totals.set(key, (totals.get(key) ?? 0) + micros);
  }
}

console.log(`busy ${(busy / 1000).toFixed(0)} ms (idle and the profiler's own work left out)`);
const rows = [...totals].sort((a, b) => b[1] - a[1]).slice(0, Number(top));
for (const [key, micros] of rows) {
  console.log(
    `${((micros / busy) * 100).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${key}`,
  );
}
