/**
 * A child process for the kill -9 test: saves a 2 MB file to `argv[2]` over and over, each
 * version numbered from `argv[3]` on, until it is killed; says 'saved' after the first.
 */
import { writeFileAtomic } from '@chalkgrad/nn/node';

const path = process.argv[2];
const pad = 'x'.repeat(2 * 2 ** 20);
writeFileAtomic(path, JSON.stringify({ n: Number(process.argv[3]), pad }));
process.stdout.write('saved\n'); // the parent kills at a moment after this, in the middle of the loop below
for (let n = Number(process.argv[3]) + 1; ; n++) writeFileAtomic(path, JSON.stringify({ n, pad }));
