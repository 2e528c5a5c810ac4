/**
 * The peer: a straightforward JavaScript port of micrograd's engine.py, as PEERS.md measured it
 * (a closure per node for its backward, children in a Set, iterative topological sort with a
 * visited Set). Kept here only as the baseline the benchmark runs beside chalkgrad.
 */
export class PortValue {
  static created = 0;
  data: number;
  grad = 0;
  _backward: () => void = () => {};
  _prev: Set<PortValue>;
  _op: string;

  constructor(data: number, children: PortValue[] = [], op = '') {
    PortValue.created++;
    this.data = data;
    this._prev = new Set(children);
    this._op = op;
  }

  add(o: PortValue | number): PortValue {
    const other = o instanceof PortValue ? o : new PortValue(o);
    const out = new PortValue(this.data + other.data, [this, other], '+');
    out._backward = () => {
      this.grad += out.grad;
      other.grad += out.grad;
    };
    return out;
  }

  mul(o: PortValue | number): PortValue {
    const other = o instanceof PortValue ? o : new PortValue(o);
    const out = new PortValue(this.data * other.data, [this, other], '*');
    out._backward = () => {
      this.grad += other.data * out.grad;
      other.grad += this.data * out.grad;
    };
    return out;
  }

  relu(): PortValue {
    const out = new PortValue(this.data < 0 ? 0 : this.data, [this], 'ReLU');
    out._backward = () => {
      this.grad += (out.data > 0 ? 1 : 0) * out.grad;
    };
    return out;
  }

  backward(): void {
    const topo: PortValue[] = [];
    const visited = new Set<PortValue>();
    const stack: [PortValue, boolean][] = [[this, false]];
    while (stack.length > 0) {
      const [v, expanded] = stack.pop()!;
      if (expanded) {
        topo.push(v);
        continue;
      }
      if (visited.has(v)) continue;
      visited.add(v);
      stack.push([v, true]);
      for (const child of v._prev) if (!visited.has(child)) stack.push([child, false]);
    }
    this.grad = 1;
    for (let i = topo.length - 1; i >= 0; i--) topo[i]._backward();
  }
}
