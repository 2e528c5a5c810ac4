/**
 * `describe` for tests that need a tool the machine may lack (Chromium, PyTorch): without it the block
 * is skipped under a title that says why, and the reason is printed, so a green run never hides
 * untested code.
 */
export function describeIfAvailable(available: boolean, missing: string, need: string, name: string, body: () => void): void {
  if (available) {
    describe(name, body);
    return;
  }
  console.warn(`${name}: ${missing}`);
  describe(`${name} [SKIPPED: ${missing}]`, () => test.skip(need, () => undefined));
}
