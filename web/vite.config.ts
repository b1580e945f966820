/**
 * Vite build of the web UI. Build from the repo root with
 *   npx vite build --config web/vite.config.ts
 * Output goes to web/dist, which the server serves at /.
 * Everything is bundled (no CDN, no inline script) to satisfy the server's CSP.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const backend = process.env.DOUDI_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: path.join(webRoot, 'public'),
  plugins: [vue()],
  resolve: {
    alias: { '@': path.join(webRoot, 'src') },
  },
  build: {
    outDir: path.join(webRoot, 'dist'),
    emptyOutDir: true,
    // No inline data: scripts; fonts/images under 4 KiB may be inlined (img-src/font-src allow data:).
    assetsInlineLimit: 4096,
    chunkSizeWarningLimit: 900,
    sourcemap: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'bpmn',
              test: /node_modules[\\/](bpmn-js|diagram-js|bpmn-moddle|moddle|moddle-xml|min-dash|min-dom|tiny-svg|path-intersection|saxen|ids|hammerjs|inherits-browser|didi|object-refs|diagram-js-direct-editing|htm|preact)/,
              priority: 20,
            },
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus|@floating-ui|@popperjs|async-validator|dayjs|lodash-unified|lodash-es|@vueuse|memoize-one|normalize-wheel-es|@ctrl)/, priority: 15 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 12 },
            { name: 'vue', test: /node_modules[\\/](vue|@vue|vue-router)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true, changeOrigin: false },
    },
  },
});
