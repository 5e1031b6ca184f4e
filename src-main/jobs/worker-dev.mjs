// Worker-thread entry when the core runs from source (tests, `npm start` in browser mode, the bench): loads the
// TypeScript worker through tsx. The electron-vite build bundles worker.ts as out/main/jobs-worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
