import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// In development the service runs on :8080; everything that is not the UI goes there, so the
// session cookie and the XSRF-TOKEN cookie stay on one origin (the dev server's).
const service = process.env.TRACEHOUND_URL ?? 'http://localhost:8080';
const toService = { target: service, changeOrigin: false, xfwd: true };

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': toService,
      '/v3': toService,
      '/oauth2': toService,
      '/login': toService,
      '/logout': toService,
    },
  },
  build: { outDir: 'dist', sourcemap: false },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
