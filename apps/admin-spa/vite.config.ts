// Build and dev server of the console. The sidecar serves dist/ at / under a strict CSP (script-src 'self',
// style-src 'self'), so the build must not inline scripts or styles into index.html.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: {
    // Inlined assets would become data: URLs; keep every asset a file served from 'self'.
    assetsInlineLimit: 0,
    // The size report lives in scripts/; Vite's own report already prints gzip sizes.
    reportCompressedSize: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': 'http://localhost:8080' },
  },
});
