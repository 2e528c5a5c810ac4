/**
 * Every workspace package's manifest agrees with itself: each `source` entry exists, and what it
 * publishes (`publishConfig.exports`) is its `exports` map without the `source` condition, and its
 * `typesVersions` maps each subpath to the same types, so a new subpath cannot be forgotten in one
 * of the three.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const PACKAGES = join(__dirname, '..', '..', 'packages');

type Exports = Record<string, string | Record<string, unknown>>;

function withoutSource(exports: Exports): Exports {
  return Object.fromEntries(Object.entries(exports).map(([k, v]) => [k, typeof v === 'string' ? v : Object.fromEntries(Object.entries(v).filter(([c]) => c !== 'source'))]));
}

describe.each(readdirSync(PACKAGES).filter((d) => existsSync(join(PACKAGES, d, 'package.json'))))('packages/%s', (dir) => {
  const manifest = JSON.parse(readFileSync(join(PACKAGES, dir, 'package.json'), 'utf8'));

  test('each source entry exists; publishConfig.exports is exports without source', () => {
    const exports: Exports = manifest.exports;
    for (const target of Object.values(exports)) {
      if (typeof target === 'object' && typeof target.source === 'string') expect(existsSync(join(PACKAGES, dir, target.source))).toBe(true);
    }
    expect(manifest.publishConfig?.exports).toEqual(withoutSource(exports));
    expect(manifest.files).toContain('dist');
  });

  test('typesVersions gives each subpath its CommonJS types, for TypeScript\'s node10 mode (it knows no exports maps)', () => {
    const subpaths = Object.entries(manifest.exports as Exports).filter(([k, v]) => k !== '.' && typeof v === 'object' && v.require);
    const expected = Object.fromEntries(subpaths.map(([k, v]) => [k.slice(2), [((v as Record<string, Record<string, string>>).require).types]]));
    expect(manifest.typesVersions?.['*'] ?? {}).toEqual(expected);
  });
});
