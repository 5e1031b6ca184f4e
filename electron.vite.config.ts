// electron-vite: builds the Electron main process, the sandboxed preload (CommonJS, one file) and the renderer.
// The renderer build is also what the HTTP host serves in browser mode.
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The worker thread of src-main/jobs/ is a second entry, so it lands beside main.js as out/main/jobs-worker.js,
      // where the pool looks for it.
      lib: {
        entry: { main: resolve(import.meta.dirname, 'src-main/electron/main.ts'), 'jobs-worker': resolve(import.meta.dirname, 'src-main/jobs/worker.ts') },
        formats: ['es'],
      },
      // Pure-JS dependencies are bundled (fewer files to resolve at start-up: ~80 ms less); native addons stay
      // external so electron-builder can rebuild them for Electron.
      externalizeDeps: { exclude: ['drizzle-orm', 'zod'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: resolve(import.meta.dirname, 'src-main/electron/preload.ts'), formats: ['cjs'] },
      rollupOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'src-renderer',
    base: './',
    build: {
      outDir: 'out/renderer',
      emptyOutDir: true,
      chunkSizeWarningLimit: 2000,
      rollupOptions: { input: resolve(import.meta.dirname, 'src-renderer/index.html') },
    },
    plugins: [react()],
  },
});
