// Renders every model in processes/ to docs/diagrams/<name>.png as bpmn-js draws it
// (headless Chromium from @sparticuz/chromium, see scripts/chromium.ts; fonts-noto-cjk for the Chinese labels). Usage: npm run diagrams
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
// Built by `npm run build` (scripts/chromium.ts): the packaged Chromium or CHROMIUM_PATH.
import { chromiumLaunchOptions } from '../dist/scripts/chromium.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'diagrams');
fs.mkdirSync(out, { recursive: true });
const browser = await chromium.launch(await chromiumLaunchOptions());
try {
  for (const file of fs
    .readdirSync(path.join(root, 'processes'))
    .filter((f) => f.endsWith('.bpmn'))
    .sort()) {
    const xml = fs.readFileSync(path.join(root, 'processes', file), 'utf8');
    const page = await browser.newPage({ viewport: { width: 1800, height: 900 }, deviceScaleFactor: 1 });
    await page.setContent('<!doctype html><meta charset="utf-8"><style>html,body{margin:0;background:#fff;font-family:"Noto Sans CJK SC",sans-serif}#c{width:1800px;height:900px}</style><div id="c"></div>');
    for (const css of ['diagram-js.css', 'bpmn-js.css', 'bpmn-font/css/bpmn.css']) {
      await page.addStyleTag({ path: path.join(root, 'node_modules', 'bpmn-js', 'dist', 'assets', css) });
    }
    await page.addScriptTag({ path: path.join(root, 'node_modules', 'bpmn-js', 'dist', 'bpmn-viewer.production.min.js') });
    const box = await page.evaluate(async (x) => {
      const viewer = new window.BpmnJS({ container: '#c' });
      await viewer.importXML(x);
      const canvas = viewer.get('canvas');
      canvas.zoom('fit-viewport');
      // Never enlarge a small diagram beyond 1:1; then crop to what was drawn.
      if (canvas.zoom() > 1) canvas.zoom(1);
      const r = document.querySelector('#c svg g.viewport').getBoundingClientRect();
      return { x: Math.max(0, r.left - 20), y: Math.max(0, r.top - 20), w: r.width + 40, h: r.height + 40 };
    }, xml);
    const png = path.join(out, file.replace(/\.bpmn$/, '.png'));
    await page.screenshot({ path: png, clip: { x: box.x, y: box.y, width: Math.min(1800 - box.x, box.w), height: Math.min(900 - box.y, box.h) } });
    console.log(`rendered ${path.relative(root, png)}`);
    await page.close();
  }
} finally {
  await browser.close();
}
