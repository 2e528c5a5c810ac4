// Are the types wrong? @arethetypeswrong/core (the engine of the attw command) on each tarball given,
// in one process so TypeScript loads once. Prints { tarball: problems[] } as JSON. Problems that
// only TypeScript's legacy `moduleResolution: node` (node10) has are left out: it knows no exports
// maps, so no `/node` subpaths.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';

const report = {};
for (const tarball of process.argv.slice(2)) {
  const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(readFileSync(tarball))));
  report[basename(tarball)] = analysis.types === false ? ['no types'] : analysis.problems.filter((p) => p.resolutionKind !== 'node10');
}
console.log(JSON.stringify(report));
