/**
 * The argument check shared by the scalar `MLP` and the tensor `mlp`: both take the input size and
 * a list of layer sizes, and a student writing `mlp([2, 16, 1])` should read what was meant.
 */
export function checkLayerSizes(what: string, nin: unknown, sizes: unknown): void {
  const example = `${what}(2, [16, 16, 1]) for 2 inputs, two hidden layers of 16 and 1 output`;
  if (!Number.isInteger(nin) || (nin as number) < 1) {
    throw new RangeError(`${what}: the first argument is the number of inputs, a whole number ≥ 1, got ${JSON.stringify(nin)}; write ${example}`);
  }
  if (!Array.isArray(sizes) || sizes.length === 0) {
    throw new RangeError(`${what}: the second argument is the list of layer sizes, got ${JSON.stringify(sizes)}; write ${example}`);
  }
  const bad = sizes.find((n) => !Number.isInteger(n) || n < 1);
  if (bad !== undefined) throw new RangeError(`${what}: layer sizes must be whole numbers ≥ 1, got ${JSON.stringify(bad)} in ${JSON.stringify(sizes)}`);
}
