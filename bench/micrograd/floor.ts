/**
 * What V8 alone costs for a graph the size of the micrograd step, to read chalkgrad's peak RSS
 * against: per step, a list of N bare four-field objects (no numbers, no autograd), each step's
 * list alive until the next one is built, as the demo's loop keeps the last loss. With `empty`,
 * nothing is allocated: Node's own footprint. Prints one JSON line.
 * Usage: node floor.js <nodes|empty> [steps]
 */
class Bare {
  constructor(readonly next: Bare | null, readonly a: Bare | null, readonly b = 0, readonly c = 0) {}
}

const arg = process.argv[2];
const nodes = arg === 'empty' ? 0 : Number(arg);
const steps = Number(process.argv[3] ?? 30);
let last: Bare | null = null;
for (let k = 0; k < steps && nodes > 0; k++) {
  let head: Bare | null = null;
  for (let i = 0; i < nodes; i++) head = new Bare(head, null);
  last = head;
}
console.log(JSON.stringify({ nodes, alive: last !== null, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
