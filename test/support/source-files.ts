/** The source files the boundary tests read (web/src, contracts/): .ts and .vue, declarations left out. */
import fs from 'node:fs';
import path from 'node:path';

export function sourceFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFilesUnder(p));
    else if (/\.(ts|vue)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}
