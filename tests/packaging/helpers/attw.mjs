// Are the types wrong? @arethetypeswrong/core (the engine of the attw command) on each tarball given,
// in one process so TypeScript loads once. Prints, per package name, its problems in every
// resolution mode (node10 included: typesVersions maps its subpaths, as it knows no exports maps)
// and, per entry point attw found in its exports map, the resolution modes that found its types.
import { readFileSync } from 'node:fs';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';

const report = {};
for (const tarball of process.argv.slice(2)) {
  const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(readFileSync(tarball))));
  if (analysis.types === false) {
    report[analysis.packageName] = { problems: ['no types'], resolved: {} };
    continue;
  }
  const resolved = Object.fromEntries(
    Object.entries(analysis.entrypoints).map(([entry, e]) => [entry, Object.values(e.resolutions).filter((r) => r.resolution).map((r) => r.resolutionKind)]),
  );
  report[analysis.packageName] = { problems: analysis.problems, resolved };
}
console.log(JSON.stringify(report));
