/**
 * Screenshots 80+ of the phone layout (390×844) and the task operations, accountability names,
 * per-village statistics, readable audit log and the tracking diagram's timer toggle (1366×768).
 * Needs a running platform with a short demo day, so one step escalates while it runs:
 *   DEMO_SECONDS_PER_WORKDAY=600 npm start   (then)
 *   BASE=http://127.0.0.1:3500 PASSWORDS=<data dir>/initial-passwords.txt OUT=docs/screenshots node web/e2e/task-actions-screenshots.mjs
 */
import { chromium } from 'playwright-core';
import { DOCUMENT_CODES } from '../../dist/domain/documents.js';
import { makeIdNumber } from '../../dist/domain/idcard.js';
import { apiWith, loginWith, readPasswords } from './login.mjs';

const BASE = process.env.BASE ?? 'http://127.0.0.1:3500';
const OUT = process.env.OUT ?? '/tmp/shots';
const pw = readPasswords(process.env.PASSWORDS ?? '/tmp/doudi-uiwork/initial-passwords.txt');
const apiAs = apiWith(BASE, pw);
const login = loginWith(BASE, pw);
const PHONE = { width: 390, height: 844 };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seq = 500 + Math.floor(Math.random() * 300);
let n = 0;

async function waitTask(b, pred, what, tries = 150) {
  for (let i = 0; i < tries; i++) {
    const t = (await b.get('/api/tasks?pageSize=100')).items.find(pred);
    if (t) return t;
    await sleep(200);
  }
  throw new Error(`no task: ${what}`);
}
function household(headName) {
  const id = makeIdNumber('139901', '19700101', String(seq + n++).padStart(3, '0'));
  return { headName, headIdNumber: id, phone: `1990000${String(seq + n).padStart(4, '0')}`, address: `和平村截图街 ${n} 号`, villageCode: '139901100201', monthlyIncomeYuan: 0, members: [{ name: headName, idNumber: id, relation: '本人' }] };
}
const dibao = (clerk, name) => clerk.post('/api/cases', { household: household(name), assistanceTypes: ['dibao'], reason: '户主因病丧失劳动能力，家庭生活困难', documents: [...DOCUMENT_CODES] });
const temporary = (clerk, name) => clerk.post('/api/cases/temporary', { household: household(name), amountYuan: 3000, reason: '家中突发火灾，生活困难' });

async function shot(page, name, opts = {}) {
  await sleep(400);
  await page.screenshot({ path: `${OUT}/${name}.png`, ...opts });
  console.log('saved', name);
}
async function closeToasts(page) {
  for (const b of await page.locator('.el-notification__closeBtn').all()) await b.click().catch(() => {});
}

const [clerk, village, civil, head, admin] = await Promise.all(['clerk', 'village_heping', 'handler_civil', 'head_civil', 'admin'].map(apiAs));

// 入户调查 of one case escalates within the run (1 working hour = 75 s on this demo day); the rule is restored after.
const rules = (await admin.get('/api/admin/time-limits')).items;
const visitRule = rules.find((r) => r.processKey === 'social-assistance-application' && r.taskKey === 'Task_HomeVisit');
const setVisitRule = (rule) => admin.put(`/api/admin/time-limits/${visitRule.id}`, rule);
const { amount, unit, remindBeforeAmount, remindBeforeUnit, graceAmount, graceUnit } = visitRule;
await setVisitRule({ amount: 1, unit: 'hour', remindBeforeAmount: 1, remindBeforeUnit: 'hour', graceAmount: 1, graceUnit: 'hour' });
const late = await dibao(clerk, '周逾期');
await waitTask(village, (t) => t.case?.id === late.id && t.taskKey === 'Task_HomeVisit', 'late home visit');
await setVisitRule({ amount, unit, remindBeforeAmount, remindBeforeUnit, graceAmount, graceUnit });

const phoneCase = await dibao(clerk, '吴手机');
const recallCase = await dibao(clerk, '郑撤回');
const temp = await temporary(clerk, '冯会签');
const temp2 = await temporary(clerk, '陈转办');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const newPage = async (viewport = { width: 1366, height: 768 }) => {
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...(viewport.width < 768 ? { isMobile: true, hasTouch: true } : {}) });
  return ctx.newPage();
};

// ---- phone: the village worker ----
{
  const page = await newPage(PHONE);
  await page.goto(BASE + '/login');
  await page.getByPlaceholder('请输入用户名').waitFor();
  await shot(page, '90-phone-login');
  await login(page, 'village_heping');
  await closeToasts(page);
  await page.getByRole('button', { name: '打开菜单' }).click();
  await page.locator('.menu-drawer .el-menu').waitFor();
  await shot(page, '91-phone-menu-drawer');
  await page.locator('.menu-drawer').getByRole('menuitem', { name: /待办/ }).click();
  await page.waitForURL('**/tasks');
  await page.locator('.el-table__row').first().waitFor();
  await closeToasts(page);
  await shot(page, '92-phone-tasks');
  const t = await waitTask(village, (x) => x.case?.id === phoneCase.id && x.taskKey === 'Task_HomeVisit', 'phone home visit');
  await page.goto(`${BASE}/tasks/${t.taskId}`);
  await page.locator('[data-field="findings"] textarea').fill('实际居住 1 人，户主患慢性病无法务农，无其他收入来源，与申报情况一致。');
  await page
    .locator('.el-radio')
    .filter({ hasText: /^\s*建议给予救助\s*$/ })
    .click();
  await closeToasts(page);
  await shot(page, '93-phone-home-visit');
  await page.getByRole('button', { name: '提交办理' }).click();
  await page.locator('.el-message-box').waitFor();
  await shot(page, '94-phone-home-visit-confirm');
  await page.locator('.el-message-box').getByRole('button', { name: '再看看' }).click();
  await page.context().close();
}

// ---- desktop: the task operations ----
const t1 = await waitTask(civil, (x) => x.case?.id === temp.id && x.taskKey === 'Task_CountyTemporaryApproval', 'county approval');
await waitTask(civil, (x) => x.case?.id === temp2.id && x.taskKey === 'Task_CountyTemporaryApproval', 'county approval 2');
{
  const page = await newPage();
  await login(page, 'handler_civil');
  await closeToasts(page);
  await page.goto(`${BASE}/tasks/${t1.taskId}`);
  await page.locator('.task-actions .buttons').waitFor();
  await shot(page, '80-task-actions');
  await page.locator('.task-actions .buttons').getByRole('button', { name: '转办', exact: true }).click();
  await page.locator('.el-dialog').filter({ hasText: '确定转办' }).waitFor();
  await shot(page, '81-task-transfer-dialog');
  await page.locator('.el-dialog').filter({ hasText: '确定转办' }).getByRole('button', { name: '取消' }).click();
  const headName = (await head.get('/api/auth/me')).displayName;
  await civil.post(`/api/tasks/${t1.taskId}/cosign`, { toUsername: 'head_civil', note: '金额较大，请负责人加签' });
  await page.reload();
  await page
    .locator('.el-alert')
    .filter({ hasText: `等待 ${headName}` })
    .waitFor();
  await shot(page, '82-task-cosign-waiting');
  await page.context().close();
}
{
  const page = await newPage();
  await login(page, 'head_civil');
  await closeToasts(page);
  const sub = await waitTask(head, (x) => x.name === '加签：县民政审批（大额）', 'cosign');
  await page.goto(`${BASE}/tasks/${sub.taskId}`);
  await page.locator('[data-field="opinion"] textarea').fill('情况属实，同意救助');
  await page
    .locator('.el-radio')
    .filter({ hasText: /^\s*同意\s*$/ })
    .click();
  await shot(page, '83-cosign-sign-form');
  await page.context().close();
}

// ---- 已办 with 撤回 (the village worker) ----
{
  const v = await waitTask(village, (x) => x.case?.id === recallCase.id && x.taskKey === 'Task_HomeVisit', 'recall visit');
  await village.post(`/api/tasks/${v.taskId}/complete`, { findings: '实际居住 2 人，生活困难属实', recommend: true });
  await waitTask(village, (x) => x.case?.id === recallCase.id && x.taskKey === 'Task_DemocraticReview', 'review');
  const page = await newPage();
  await login(page, 'village_heping');
  await closeToasts(page);
  await page.goto(BASE + '/done');
  await page.locator('.el-table__row').filter({ hasText: '撤回' }).first().waitFor();
  await shot(page, '84-village-done-recall');
  // ---- the escalated home visit names the village worker; they explain it ----
  for (let i = 0; i < 200; i++) {
    if ((await village.get('/api/accountability?pageSize=50')).items.some((r) => r.caseId === late.id)) break;
    await sleep(1500);
  }
  await page.goto(BASE + '/accountability');
  await page.locator('.el-table__row').first().waitFor();
  await closeToasts(page);
  await shot(page, '85-village-accountability-named');
  await page.locator('.el-table__row').first().click();
  await page.locator('.el-drawer').waitFor();
  await sleep(500);
  await closeToasts(page);
  await shot(page, '85b-village-accountability-explain');
  await page.context().close();
}

// ---- statistics per village and township (leader) ----
{
  const page = await newPage();
  await login(page, 'leader');
  await closeToasts(page);
  await page.goto(BASE + '/statistics');
  const card = page.locator('.el-card').filter({ hasText: '按村、乡镇' });
  await card.waitFor();
  await card.scrollIntoViewIfNeeded();
  await closeToasts(page);
  await shot(page, '86-leader-statistics-by-village');
  await page.context().close();
}

// ---- admin: readable audit log, time limits without engine ids ----
{
  const page = await newPage();
  await login(page, 'admin');
  await page.goto(BASE + '/admin/audit');
  await page.locator('.el-table__row').first().waitFor();
  await shot(page, '44-admin-audit-log');
  await page.goto(BASE + '/admin/time-limits');
  await page.locator('.el-table__row').first().waitFor();
  await shot(page, '24-admin-time-limits');
  await page.context().close();
}

// ---- coordinator: monitor with Chinese step names; tracking diagram with the timers hidden and shown ----
{
  const page = await newPage();
  await login(page, 'coordinator');
  await closeToasts(page);
  await page.goto(BASE + '/monitor');
  await page.locator('.el-table__row').first().waitFor();
  await sleep(1500);
  await closeToasts(page);
  await shot(page, '28-coordinator-monitor');
  await page.goto(`${BASE}/cases/${recallCase.id}`);
  const diagram = page.locator('.diagram-card');
  await diagram.locator('.djs-container').waitFor();
  await diagram.scrollIntoViewIfNeeded();
  await closeToasts(page);
  await shot(page, '87-diagram-timers-hidden');
  await diagram.locator('.el-switch').click();
  await shot(page, '87b-diagram-timers-shown');
  await page.context().close();
}

await browser.close();
console.log('done');
