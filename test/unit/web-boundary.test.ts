/**
 * The web and the shared contracts stand apart from the server's layers: a file
 * under web/src or contracts/ imports neither domain/, server/, workers/ nor
 * runtime/, nor TypeORM. The imports are read with TypeScript's own pre-parser
 * (the TypeScript 6 side install that vue-tsc uses), `.vue` files through their
 * <script> blocks.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT } from '../../domain/config.js';
import { sourceFilesUnder } from '../support/source-files.js';

const ts = createRequire(import.meta.url)('typescript6') as { preProcessFile(text: string, readImports: boolean, detectJavaScriptImports: boolean): { importedFiles: { fileName: string }[] } };

const FORBIDDEN_DIRS = ['domain', 'server', 'workers', 'runtime'];

/** The module specifiers a file imports (static, type-only, re-exports and dynamic imports). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const code = file.endsWith('.vue') ? [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n') : text;
  return ts.preProcessFile(code, true, true).importedFiles.map((f) => f.fileName);
}

/** Why an import crosses the boundary, or null. */
function forbiddenImport(file: string, spec: string): string | null {
  if (spec === 'typeorm' || spec.startsWith('typeorm/')) return 'TypeORM';
  if (!spec.startsWith('.')) return null;
  const target = path.relative(REPO_ROOT, path.resolve(path.dirname(file), spec)).split(path.sep);
  return FORBIDDEN_DIRS.includes(target[0]!) ? `${target[0]}/` : null;
}

describe('网页与共享约定（contracts/）不依赖服务端各层', () => {
  const files = [...sourceFilesUnder(path.join(REPO_ROOT, 'web/src')), ...(fs.existsSync(path.join(REPO_ROOT, 'contracts')) ? sourceFilesUnder(path.join(REPO_ROOT, 'contracts')) : [])];

  it('读得出导入：.vue 的 <script>、类型导入、再导出和动态导入都算', () => {
    const web = sourceFilesUnder(path.join(REPO_ROOT, 'web/src'));
    expect(web.length).to.be.greaterThan(50);
    const all = web.flatMap((f) => importsOf(f));
    // The router imports its pages lazily; the pages import element-plus in their <script setup>.
    expect(all).to.include('element-plus');
    expect(all.some((s) => s.startsWith('./views/'))).to.equal(true);
    expect(forbiddenImport(path.join(REPO_ROOT, 'web/src/x.ts'), '../../domain/realtime')).to.equal('domain/');
    expect(forbiddenImport(path.join(REPO_ROOT, 'contracts/x.ts'), '../server/app.js')).to.equal('server/');
    expect(forbiddenImport(path.join(REPO_ROOT, 'contracts/x.ts'), 'typeorm')).to.equal('TypeORM');
    expect(forbiddenImport(path.join(REPO_ROOT, 'web/src/views/x.vue'), '../../../contracts/roles')).to.equal(null);
  });

  it('web/src 与 contracts/ 的文件不导入 domain/、server/、workers/、runtime/ 和 typeorm', () => {
    const crossings = files.flatMap((f) =>
      importsOf(f)
        .map((spec) => ({ spec, why: forbiddenImport(f, spec) }))
        .filter((x) => x.why)
        .map((x) => `${path.relative(REPO_ROOT, f)} → ${x.spec}`),
    );
    expect(crossings).to.deep.equal([]);
  });
});
