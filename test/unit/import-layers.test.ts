import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT } from '../../domain/config.js';

/**
 * The layers, lowest first, and what each may import besides itself. The launchers on top
 * (scripts/, and test/ and bench/ beside them) may import anything.
 */
const MAY_IMPORT: Record<string, string[]> = {
  contracts: [],
  domain: ['contracts'],
  runtime: ['domain', 'contracts'],
  server: ['domain', 'runtime', 'contracts'],
  workers: ['domain', 'runtime', 'contracts'],
};

/** Every module specifier a TypeScript file imports or re-exports, static or dynamic. */
function importsOf(source: string): string[] {
  const out: string[] = [];
  const patterns = [/^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm, /^\s*import\s*['"]([^'"]+)['"]/gm, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of source.matchAll(re)) out.push(m[1]!);
  return out;
}

/** The top folder of the repository a relative import of `file` lands in (undefined for a package). */
function targetFolder(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return path.relative(REPO_ROOT, path.resolve(path.dirname(file), specifier)).split(path.sep)[0];
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Imports that point up or sideways: `file → specifier`. */
function violations(): string[] {
  const out: string[] = [];
  for (const [layer, allowed] of Object.entries(MAY_IMPORT)) {
    for (const file of tsFiles(path.join(REPO_ROOT, layer))) {
      for (const spec of importsOf(fs.readFileSync(file, 'utf8'))) {
        const target = targetFolder(file, spec);
        if (target !== undefined && target !== layer && !allowed.includes(target)) out.push(`${path.relative(REPO_ROOT, file)} → ${spec}`);
      }
    }
  }
  return out;
}

describe('代码分层 / 依赖只向下', () => {
  it('reads static, re-exported, side-effect and dynamic imports', () => {
    // given a file with every form of import, then each specifier is found
    const src = `import a from '../a.js';\nimport type { B } from "../b.js";\nexport { c } from '../c.js';\nimport '../d.js';\nconst e = await import('../e.js');\nimport {\n  f,\n  g,\n} from '../f.js';`;
    expect(importsOf(src).sort()).to.deep.equal(['../a.js', '../b.js', '../c.js', '../d.js', '../e.js', '../f.js']);
  });

  it('domain imports nothing above it; runtime only domain; server and workers import domain and runtime, never each other or the launchers', () => {
    // given every TypeScript file of the layers, when their relative imports are resolved, then none points up or sideways
    expect(violations()).to.deep.equal([]);
  });
});
