/**
 * No web file repeats a server rule by hand (issue #20): the forms take their
 * limits and messages from the request schemas in contracts/ through
 * web/src/validation.ts. A numeric min/max in a rule, a numeric `maxlength`,
 * a numeric `:min`/`:max` of a number input (el-input-number: bind
 * numberLimits / yuanLimits of the field instead), a “至少 N 个字” literal or
 * a trimmed-length comparison in web/src is a copy that drifts from the
 * server; only the allow-list below may keep one, each with its reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT } from '../../domain/config.js';
import { sourceFilesUnder } from '../support/source-files.js';

/** What a hand-written rule looks like. */
const PATTERNS: { name: string; re: RegExp }[] = [
  { name: 'numeric min/max in a rule', re: /\b(?:min|max)\s*:\s*-?\d/ },
  { name: 'numeric maxlength/minlength', re: /\b(?:max|min)length\s*(?:=\s*"[^"]*\d|:\s*\d)/i },
  // An attribute on its own or in a tag, bound or not, whose value holds a number literal (not a digit inside a name).
  { name: 'numeric :min/:max attribute', re: /(?:^|\s):?(?:min|max)="[^"]*?(?<![\w.$])-?\d/ },
  { name: '“N 个字” message', re: /\d+\s*个字/ },
  { name: 'length compared with a number', re: /\.length\s*(?:<|<=|>|>=)\s*(?:[2-9]|\d{2,})\b/ },
  { name: 'textRule with its own limits', re: /\btextRule\(\s*'[^']*'\s*,\s*\d/ },
];

/** The hand-written limits that stay, by file and a piece of the line, with why. */
const ALLOWED: { file: string; text: string; why: string }[] = [
  { file: 'web/src/components/MonitorDiagram.vue', text: 'scale: { min: 0.8, max: 1.15 }', why: 'the zoom range of a diagram overlay, not a form rule' },
  { file: 'web/src/views/PublicLookupView.vue', text: 'maxlength="20"', why: 'room for spaces around the 受理编号; lookupSchema trims and checks the pattern, it sets no length' },
  { file: 'web/src/views/PublicLookupView.vue', text: 'maxlength="9"', why: 'the 查询码 typed with its dash (7KQ4-M2XD); lookupSchema strips it before the 8-character check' },
  { file: 'web/src/views/DashboardView.vue', text: 'stats.value.length >= 4', why: 'the number of tiles in a row, not a rule' },
  { file: 'web/src/components/LineChart.vue', text: 'props.categories.length <= 31', why: 'whether a chart shows its points, not a rule' },
  { file: 'web/src/layouts/MainLayout.vue', text: ':value="taskCount" :max="99"', why: 'a badge shows 99+ past two digits; a display cap, no input' },
  { file: 'web/src/layouts/MainLayout.vue', text: ':max="99" class="bell-badge"', why: 'a badge shows 99+ past two digits; a display cap, no input' },
];

interface Hit {
  file: string;
  line: number;
  text: string;
  pattern: string;
}

/** Every line of web/src that looks like a hand-written rule. */
function handWrittenRules(): Hit[] {
  const hits: Hit[] = [];
  for (const f of sourceFilesUnder(path.join(REPO_ROOT, 'web/src'))) {
    const file = path.relative(REPO_ROOT, f).split(path.sep).join('/');
    fs.readFileSync(f, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        for (const p of PATTERNS) if (p.re.test(text)) hits.push({ file, line: i + 1, text: text.trim(), pattern: p.name });
      });
  }
  return hits;
}

const allowed = (h: Hit) => ALLOWED.some((a) => a.file === h.file && h.text.includes(a.text));

describe('网页不重复服务端的校验规则（长度、条数、数值范围、“至少 N 个字”取自 contracts/ 的请求约定）', () => {
  it('finds what it looks for', () => {
    const samples = [
      "{ min: 4, max: 100, message: '议题名称 4–100 个字' }",
      'maxlength="500"',
      ':maxlength="open ? 500 : 2000"',
      "'审核意见至少 2 个字'",
      'if (f.opinion.trim().length < 2)',
      "textRule('办理意见', 2, 2000)",
      '<el-input-number v-model="form.amount" :min="1" :max="365" />',
      '<el-input-number v-model="x" :precision="2" :min="0.01" />',
      ':min="-20"',
      ':max="1000000"',
      'min="0"',
      ':max="isCounty ? 100000 : 5000"',
    ];
    for (const s of samples)
      expect(
        PATTERNS.some((p) => p.re.test(s)),
        s,
      ).to.equal(true);
    const derived = [
      ':maxlength="maxLengthOf(urgeSchema.shape.message)"',
      '`（至少 $' + '{lengthLimits(note).min} 个字）`',
      'if (items.length > 1)',
      'rows="4"',
      '<el-input-number v-model="form.amount" v-bind="numberLimits(ruleSchema.shape.amount)" :step="1" />',
      ':min="limits.min" :max="limits2.max"',
      '<el-table-column min-width="200" />',
      ':precision="2" :step="100"',
    ];
    for (const s of derived)
      expect(
        PATTERNS.some((p) => p.re.test(s)),
        s,
      ).to.equal(false);
  });

  it('web/src has no hand-written length rule or number bound outside the allow-list', () => {
    const found = handWrittenRules()
      .filter((h) => !allowed(h))
      .map((h) => `${h.file}:${h.line} (${h.pattern}) ${h.text}`);
    expect(found, `${found.length} hand-written rule(s); read the limit and the message from the schema (web/src/validation.ts)`).to.deep.equal([]);
  });

  it('every allow-list entry is still needed', () => {
    const hits = handWrittenRules();
    const stale = ALLOWED.filter((a) => !hits.some((h) => h.file === a.file && h.text.includes(a.text))).map((a) => `${a.file}: ${a.text}`);
    expect(stale).to.deep.equal([]);
  });
});
