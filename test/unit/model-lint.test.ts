import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { expect } from 'chai';
import { REPO_ROOT } from '../../domain/config.js';
import { type ParsedModel, parsedModels } from '../support/models.js';

// bpmnlint is CommonJS and ships no types for its entry point.
const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint') as {
  Linter: new (o: { config: unknown; resolver: unknown }) => { lint(root: unknown): Promise<Record<string, { id: string; message: string; category: string }[]>> };
};
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as new () => unknown;

describe('流程模型的规范检查（bpmnlint 推荐规则与图面）', () => {
  let models: ParsedModel[];
  before(async () => {
    models = await parsedModels();
  });

  it('每个模型通过 .bpmnlintrc 中的 bpmnlint 规则：没有错误，也没有警告', async () => {
    const config = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, '.bpmnlintrc'), 'utf8'));
    const linter = new Linter({ config, resolver: new NodeResolver() });
    const problems: string[] = [];
    for (const m of models) {
      const results = await linter.lint(m.definitions);
      for (const [rule, reports] of Object.entries(results)) {
        for (const r of reports) problems.push(`${m.name}: ${r.id} ${r.category} ${r.message} (${rule})`);
      }
    }
    expect(problems).to.deep.equal([]);
  });

  it('协调员看到的流程图没有负坐标：每个图形、标签和连线拐点都在画布的正区域内', () => {
    const negative: string[] = [];
    for (const m of models) {
      for (const d of m.definitions.diagrams[0].plane.planeElement) {
        const points = [d.bounds, d.label?.bounds, ...(d.waypoint ?? [])].filter(Boolean) as { x: number; y: number }[];
        if (points.some((p) => p.x < 0 || p.y < 0)) negative.push(`${m.name}: ${d.bpmnElement?.id ?? d.id}`);
      }
    }
    expect(negative).to.deep.equal([]);
  });
});
