import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT } from '../../domain/config.js';

/**
 * Routes are thin: they take the composition root's services (domain/composition.ts) and never
 * reach the database themselves nor wire a service of their own.
 */
describe('路由只用组合根的服务：不直接访问数据库，不自行构造服务', () => {
  const dir = path.join(REPO_ROOT, 'server', 'routes');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
  const offending = (re: RegExp) =>
    files.flatMap((f) =>
      fs
        .readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${f}:${i + 1}`, line: line.trim() }))
        .filter((x) => re.test(x.line)),
    );

  it('no route module imports TypeORM or uses the DataSource', () => {
    expect(files.length).to.be.greaterThan(20);
    expect(offending(/from 'typeorm'|deps\.ds\b|getRepository\(/)).to.deep.equal([]);
  });

  it('no route module constructs a service (the composition root builds each once)', () => {
    expect(offending(/\bnew [A-Z]\w*Service\(/)).to.deep.equal([]);
  });
});
