import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.API_URL ?? 'http://localhost:3000';

/** The web client: built into dist/web, which the API serves at `/` (apps/api/src/web/web-client.ts). */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  // `npm run web:dev`: Vite's dev server in front of a running API (npm run start:dev), same paths as production.
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: false },
      '/documents': api,
      '/exports': api,
      '/health': api,
      '/ide': api,
      '/briefing/': api,
    },
  },
});
