// `npm run bench [-- suite ...]`: runs the benchmarks on generated data (cached in .bench-data/) and prints one
// JSON line per figure. Benchmarks measure; they never fail a build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./index.ts');
await main(process.argv.slice(2));
