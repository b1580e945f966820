/**
 * Screenshot walk-through of the web UI (not part of the build or the tests yet).
 * Needs: a running server with web/dist built, `npm run build` (the packaged Chromium, scripts/chromium.ts) and fonts-noto-cjk,
 * and playwright-core resolvable from where this runs, e.g.
 *   mkdir -p /tmp/pw && cd /tmp/pw && npm i playwright-core && cp /work/main/web/e2e/screenshots.mjs /work/main/web/e2e/login.mjs . && \
 *   BASE=http://127.0.0.1:3100 PASSWORDS=/tmp/webdev/initial-passwords.txt OUT=/tmp/shots node screenshots.mjs
 * Flow: login → clerk 工作台 → 受理登记 (client validation, a server 400 with field
 * highlight, success) → existing-household registration → handler_civil 待办 → 签收 +
 * 办理 → 案卷详情 with 流程跟踪图 → 403/404 pages.
 * Written for the first cut of the process (牵头部门审核 right after registration).
 * The full 社会救助一门受理 process (补正材料, 入户调查, 民主评议, 公示与异议,
 * 民政审核确认, 转介, 撤回) is walked by process-walkthrough.mjs.
 */
import { chromium } from 'playwright-core';
// Built by `npm run build` (scripts/chromium.ts): the packaged Chromium or CHROMIUM_PATH.
import { chromiumLaunchOptions } from '../../dist/scripts/chromium.js';
import { loginWith } from './login.mjs';
import fs from 'node:fs';

const BASE = process.env.BASE ?? 'http://127.0.0.1:3100';
const OUT = process.env.OUT ?? '/tmp/shots';
const pw = Object.fromEntries(
  fs
    .readFileSync(process.env.PASSWORDS ?? '/tmp/webdev/initial-passwords.txt', 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p.length >= 2 && /^[a-z_]+$/.test(p[0]))
    .map((p) => [p[0], p[1]]),
);
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idn = (s17) => s17 + '10X98765432'[[...s17].reduce((a, c, i) => a + Number(c) * W[i], 0) % 11];
const seq = String(100 + Math.floor(Math.random() * 800));
const seq2 = String(Number(seq) + 1).padStart(3, '0');
const seq3 = String(Number(seq) + 2).padStart(3, '0');

const browser = await chromium.launch(await chromiumLaunchOptions());
const problems = [];
const realtime = [];
async function newPage() {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`[${m.type()}] ${m.text()}`);
  });
  page.on('console', (m) => {
    if (m.text().includes('实时通道')) realtime.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`[pageerror] ${e.message}`));
  return page;
}
const login = loginWith(BASE, pw);
const shot = async (page, name, full = false, waitToasts = false) => {
  if (waitToasts)
    await page
      .locator('.el-message')
      .first()
      .waitFor({ state: 'detached', timeout: 8000 })
      .catch(() => {});
  if (full) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(250);
  }
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: full });
};
async function pick(page, formItemLabel, optionText) {
  await page.locator('.el-form-item').filter({ hasText: formItemLabel }).locator('.el-select').first().click();
  await page.locator('.el-popper[aria-hidden="false"] .el-select-dropdown__item').filter({ hasText: optionText }).first().click();
  await page.waitForTimeout(500);
}

// 1. login
const p1 = await newPage();
await p1.goto(BASE + '/');
await p1.waitForURL(/\/login/);
await p1.waitForLoadState('networkidle');
await shot(p1, '01-login');
// wrong password
await p1.getByPlaceholder('请输入用户名').fill('clerk');
await p1.getByPlaceholder('请输入密码').fill('wrong-password');
await p1.getByRole('button', { name: '登 录' }).click();
await p1.waitForSelector('.el-alert--error');
await shot(p1, '01b-login-failed');

// 2. clerk dashboard
await login(p1, 'clerk');
await p1.waitForTimeout(500);
await shot(p1, '02-clerk-dashboard', false, true);

// 3. register (duplicate head first, to see the field highlight)
await p1.goto(BASE + '/register');
await p1.waitForLoadState('networkidle');
await shot(p1, '03a-register-empty', true);
await p1.getByRole('button', { name: '提交受理' }).click();
await p1.waitForTimeout(400);
await shot(p1, '03b-register-validation', true);

const head = idn(`13990119650812${seq}`);
const dup = idn('13990119580312001');
await p1.getByPlaceholder('如：王某某').fill('刘样例');
await p1.getByPlaceholder('18 位居民身份证号码').fill(dup);
await p1.getByPlaceholder('11 位手机号码').fill('13912345678');
await pick(p1, '所属村（社区）', '和平村');
await p1.getByPlaceholder('如：幸福镇和平村建设街 12 号').fill('幸福镇和平村演示街 88 号');
await p1.locator('.el-input-number input').fill('900');
await p1.locator('.el-input-number input').blur();
await p1.getByRole('button', { name: '添加家庭成员' }).click();
await p1.getByRole('button', { name: '添加家庭成员' }).click();
const rows = p1.locator('.m-row');
await rows.nth(1).getByPlaceholder('成员姓名').fill('陈演示');
await rows
  .nth(1)
  .getByPlaceholder('18 位身份证号')
  .fill(idn(`13990119670203${seq2}`));
await rows.nth(1).locator('.el-select').click();
await p1.locator('.el-popper[aria-hidden="false"] .el-select-dropdown__item').filter({ hasText: '配偶' }).click();
await p1.waitForTimeout(500);
await rows.nth(2).getByPlaceholder('成员姓名').fill('刘小样');
await rows
  .nth(2)
  .getByPlaceholder('18 位身份证号')
  .fill(idn(`13990120080611${seq3}`));
await rows.nth(2).locator('.el-select').click();
await p1
  .locator('.el-popper[aria-hidden="false"] .el-select-dropdown__item')
  .filter({ hasText: /^子女$/ })
  .click();
await p1.waitForTimeout(500);
await p1.locator('.el-checkbox').filter({ hasText: '最低生活保障' }).click();
await p1.locator('.el-checkbox').filter({ hasText: '临时救助' }).click();
await p1.getByPlaceholder(/请简要说明家庭困难情况/).fill('户主2023年因病丧失劳动能力，配偶务农收入微薄，子女在读初中，家庭无稳定收入来源，申请最低生活保障和临时救助。');
await p1.getByRole('button', { name: '提交受理' }).click();
await p1.waitForSelector('.el-form-item.is-error');
await p1.waitForTimeout(600);
await shot(p1, '03c-register-server-error');

// fix the ID number and submit
await p1.getByPlaceholder('18 位居民身份证号码').fill(head);
await p1.waitForTimeout(200);
await p1.evaluate(() => window.scrollTo(0, 0));
await shot(p1, '03-clerk-register', true, true);
await p1.getByRole('button', { name: '提交受理' }).click();
await p1.waitForSelector('.el-dialog .done');
await p1.waitForTimeout(500);
await shot(p1, '04-clerk-success', false, true);
const caseNo = (await p1.locator('.el-dialog .case-no').textContent()).trim();
await p1.getByRole('button', { name: '查看案卷' }).click();
await p1.waitForURL(/\/cases\/[0-9a-f-]{36}/);
const caseUrl = p1.url();
await p1.waitForTimeout(1500);
await shot(p1, '04b-clerk-case-registered', true);
await p1.goto(BASE + '/cases');
await p1.waitForLoadState('networkidle');
await shot(p1, '04c-clerk-cases');
console.log('case', caseNo, caseUrl);

// existing household mode
await p1.goto(BASE + '/register');
await p1.waitForLoadState('networkidle');
await p1.getByText('选择已登记家庭').click();
await p1.waitForTimeout(600);
await p1.locator('.existing .el-select').click();
await p1.waitForTimeout(400);
await p1
  .locator('.el-popper[aria-hidden="false"] .el-select-dropdown__item')
  .filter({ hasText: process.env.EXISTING ?? '赵样例' })
  .first()
  .click();
await p1.waitForTimeout(400);
await p1.locator('.el-checkbox').filter({ hasText: '特困人员供养' }).click();
await p1.getByPlaceholder(/请简要说明家庭困难情况/).fill('老人独居，无劳动能力、无生活来源、无法定赡养义务人，申请特困人员供养。');
await shot(p1, '03d-register-existing', true);
await p1.getByRole('button', { name: '提交受理' }).click();
await p1.waitForSelector('.el-dialog .done');
await p1.waitForTimeout(400);
console.log('case2', (await p1.locator('.el-dialog .case-no').textContent()).trim());
await p1.getByRole('button', { name: '继续登记' }).click();

// 5. handler_civil inbox
const p2 = await newPage();
await login(p2, 'handler_civil');
await shot(p2, '05a-handler-dashboard');
let found = false;
for (let i = 0; i < 30 && !found; i++) {
  await p2.goto(BASE + '/tasks');
  await p2.waitForLoadState('networkidle');
  found = (await p2.locator('.el-table__row').filter({ hasText: caseNo }).count()) > 0;
  if (!found) await p2.waitForTimeout(1000);
}
if (!found) throw new Error('task not in inbox');
await shot(p2, '05-handler-tasks');
await p2.locator('.el-table__row').filter({ hasText: caseNo }).first().click();
await p2.waitForURL(/\/tasks\/.+/);
await p2.waitForLoadState('networkidle');
await p2.waitForTimeout(500);
await shot(p2, '06-task', true);
await p2.getByRole('button', { name: '签收' }).click();
await p2.waitForTimeout(800);
await p2
  .locator('.el-radio')
  .filter({ hasText: /^同意$/ })
  .click();
await p2.locator('textarea').fill('经入户核查，家庭人均月收入低于本县低保标准，申请材料齐全属实，同意纳入最低生活保障。');
await p2.waitForTimeout(300);
await shot(p2, '06b-task-filled', true);
await p2.getByRole('button', { name: '提交办理' }).click();
await p2.locator('.el-message-box').waitFor();
await shot(p2, '06c-task-confirm');
await p2.locator('.el-message-box').getByRole('button', { name: '确定提交' }).click();
await p2.waitForURL(/\/tasks(\?|$)/);
await p2.waitForTimeout(400);
await shot(p2, '06d-after-complete');

// 7. case detail after completion
let closed = false;
for (let i = 0; i < 30 && !closed; i++) {
  await p2.goto(caseUrl);
  await p2.waitForLoadState('networkidle');
  closed = (await p2.locator('.el-tag').filter({ hasText: '已办结' }).count()) > 0;
  if (!closed) await p2.waitForTimeout(1000);
}
await p2.waitForTimeout(1500);
await shot(p2, '07-case-detail', true);
await shot(p2, '07a-case-detail-top');
await p2.locator('.diagram-card').scrollIntoViewIfNeeded();
await p2.waitForTimeout(300);
await p2.locator('.diagram-card').screenshot({ path: `${OUT}/07b-case-diagram.png` });

// 8. forbidden + 404
await p2.goto(BASE + '/register');
await p2.waitForLoadState('networkidle');
await shot(p2, '08-forbidden');
await p2.goto(BASE + '/no/such/page');
await p2.waitForLoadState('networkidle');
await shot(p2, '09-not-found');
const p3 = await newPage();
await login(p3, 'handler_health');
await p3.goto(caseUrl);
await p3.waitForLoadState('networkidle');
await shot(p3, '10-case-forbidden');

// 9. village & coordinator dashboards
const p4 = await newPage();
await login(p4, 'coordinator');
await shot(p4, '11-coordinator-dashboard');
await p4.goto(BASE + '/tasks');
await p4.waitForLoadState('networkidle');
await shot(p4, '11b-coordinator-tasks');

console.log('realtime:', realtime.join(' | '));
console.log('problems:', problems.length ? '\n' + [...new Set(problems)].join('\n') : 'none');
await browser.close();
