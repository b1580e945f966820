/**
 * Screenshots 30+ of the pages added for 已办, 我发起的, 抄送我的, 联席会议, 考核统计
 * (with its overdue trend) and the admin pages (1366×768, headless Chromium). Seeds a little work through
 * the HTTP API first (registrations, home visits, a convened matter with
 * opinions, minutes and agreed items), then photographs each page.
 * Run from the repository root against a running platform with web/dist built:
 *   BASE=http://127.0.0.1:3600 PASSWORDS=/tmp/webui-data/initial-passwords.txt OUT=docs/screenshots node web/e2e/webui-screenshots.mjs
 */
import { chromium } from 'playwright-core';
// Built by `npm run build` (scripts/chromium.ts): the packaged Chromium or CHROMIUM_PATH.
import { chromiumLaunchOptions } from '../../dist/scripts/chromium.js';
import { DOCUMENT_CODES } from '../../dist/domain/documents.js';
import { makeIdNumber } from '../../dist/domain/idcard.js';
import { apiWith, loginWith, readPasswords } from './login.mjs';

const BASE = process.env.BASE ?? 'http://127.0.0.1:3600';
const OUT = process.env.OUT ?? '/tmp/shots';
const pw = readPasswords(process.env.PASSWORDS ?? '/tmp/webui-data/initial-passwords.txt');

const apiAs = apiWith(BASE, pw);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitTask(b, pred, what) {
  for (let i = 0; i < 150; i++) {
    const t = (await b.get('/api/tasks?pageSize=100')).items.find(pred);
    if (t) return t;
    await sleep(200);
  }
  throw new Error(`no task: ${what}`);
}

const names = ['赵演示', '钱样例', '孙演示', '李样例'];
const base = 400 + Math.floor(Math.random() * 400);
async function seed() {
  const [clerk, village, coordinator, leader, civil, health, edu] = await Promise.all(['clerk', 'village_heping', 'coordinator', 'leader', 'handler_civil', 'handler_health', 'handler_edu'].map(apiAs));
  const cases = [];
  for (let i = 0; i < 4; i++) {
    const head = makeIdNumber('139901', `1968${String(i + 1).padStart(2, '0')}15`, String(base + i).padStart(3, '0'));
    cases.push(
      await clerk.post('/api/cases', {
        household: {
          headName: names[i],
          headIdNumber: head,
          phone: '19900001234',
          address: `和平村演示街 ${10 + i} 号`,
          villageCode: '139901100201',
          monthlyIncomeYuan: 100 * i,
          members: [{ name: names[i], idNumber: head, relation: '本人' }],
        },
        assistanceTypes: i % 2 ? ['dibao', 'medical'] : ['dibao'],
        reason: '户主因病丧失劳动能力，家庭生活困难',
        documents: [...DOCUMENT_CODES],
      }),
    );
  }
  for (const c of cases.slice(0, 3)) {
    const t = await waitTask(village, (x) => x.case?.id === c.id && x.taskKey === 'Task_HomeVisit', 'home visit');
    await village.post(`/api/tasks/${t.taskId}/complete`, { findings: '家中无劳动力，住房简陋，生活困难属实', recommend: true });
  }
  for (const c of cases.slice(0, 2)) {
    const t = await waitTask(village, (x) => x.case?.id === c.id && x.taskKey === 'Task_DemocraticReview', 'review');
    await village.post(`/api/tasks/${t.taskId}/complete`, { participants: 11, votesFor: 10, votesAgainst: 1, opinion: '评议通过，同意上报' });
  }
  const m = await coordinator.post('/api/conferences', {
    title: '因病致贫家庭子女就学与住房安全联合帮扶',
    background: '和平村一户因病致贫家庭，户主长期住院，子女面临辍学，住房经鉴定为C级危房，需民政、卫健、教育部门协同施策。',
    departments: ['civil', 'health', 'edu'],
  });
  await coordinator.post('/api/conferences', {
    title: '低保边缘家庭认定标准调整',
    background: '根据上级文件精神，拟调整低保边缘家庭的收入认定口径，需财政、民政部门研究测算。',
    departments: ['civil', 'finance'],
  });
  const d = await waitTask(leader, (x) => x.conference?.id === m.id, 'decision');
  await leader.post(`/api/conferences/${m.id}/tasks/${d.taskId}/complete`, { convene: true, opinion: '同意召集，请民政、卫健、教育部门提出意见' });
  const opinions = { civil: '建议先行纳入临时救助，保障基本生活，并启动低保审核。', health: '户主住院费用按大病保险和医疗救助“一站式”结算，减轻自付。', edu: '子女纳入教育资助，免除学杂费并发放生活补助。' };
  for (const [code, b] of [
    ['civil', civil],
    ['health', health],
    ['edu', edu],
  ]) {
    const t = await waitTask(b, (x) => x.conference?.id === m.id, `opinion ${code}`);
    await b.post(`/api/conferences/${m.id}/tasks/${t.taskId}/complete`, { opinion: opinions[code] });
  }
  const mt = await waitTask(coordinator, (x) => x.conference?.id === m.id, 'minutes');
  const inDays = (n) => new Date(Date.now() + 8 * 3600_000 + n * 86400_000).toISOString().slice(0, 10);
  await coordinator.post(`/api/conferences/${m.id}/tasks/${mt.taskId}/complete`, {
    minutes: '会议听取了民政、卫健、教育部门意见。会议议定：由卫健局落实医疗救助一站式结算；由教育局落实子女教育资助；民政局跟进低保审核。',
    items: [
      { content: '落实户主住院费用医疗救助一站式结算', department: 'health', deadline: inDays(10) },
      { content: '子女纳入教育资助，免除学杂费并发放生活补助', department: 'edu', deadline: inDays(15) },
    ],
  });
  const it = await waitTask(health, (x) => x.conference?.id === m.id, 'item health');
  await health.post(`/api/conferences/${m.id}/tasks/${it.taskId}/complete`, { note: '已完成医疗救助一站式结算，自付部分降至 8%。' });
  await waitTask(edu, (x) => x.conference?.id === m.id, 'item edu');
  // 抄送我的: the village worker copies two open steps to county staff; civil affairs has read one of them
  const visit = await waitTask(village, (x) => x.case?.id === cases[3].id && x.taskKey === 'Task_HomeVisit', 'home visit 4');
  await village.post(`/api/tasks/${visit.taskId}/copy`, { toUsernames: ['handler_civil', 'handler_health'], note: '户主患尿毒症需长期透析，请民政、卫健提前了解医疗救助需求。' });
  const review = await waitTask(village, (x) => x.case?.id === cases[2].id && x.taskKey === 'Task_DemocraticReview', 'review 3');
  await village.post(`/api/tasks/${review.taskId}/copy`, { toUsernames: ['handler_civil'], note: '民主评议定于本周五召开，请民政局派员列席指导。' });
  const copies = await civil.get('/api/tasks/copies');
  await civil.post(`/api/tasks/copies/${copies.items[copies.items.length - 1].id}/read`);
  return { matterId: m.id, caseId: cases[0].id };
}

const seeded = await seed();
console.log('seeded', seeded);

const browser = await chromium.launch(await chromiumLaunchOptions());
const problems = [];
async function pageAs(user) {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`[${user} ${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`[${user} pageerror] ${e.message}`));
  await loginWith(BASE, pw)(page, user);
  return page;
}
async function shot(page, path, name, { full = false, wait } = {}) {
  if (path) {
    await page.goto(BASE + path);
    await page.waitForLoadState('networkidle');
  }
  if (wait) await page.waitForSelector(wait);
  await page
    .locator('.el-message')
    .first()
    .waitFor({ state: 'detached', timeout: 6000 })
    .catch(() => {});
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: full });
  console.log('shot', name);
}

const village = await pageAs('village_heping');
await shot(village, '/done', '30-village-done', { wait: '.el-table__row' });
const head = await pageAs('head_civil');
await shot(head, '/done?scope=department', '31-head-done-department', { wait: '.el-table__row' });
const clerk = await pageAs('clerk');
await shot(clerk, '/initiated', '32-clerk-initiated', { wait: '.el-table__row' });
const coordinator = await pageAs('coordinator');
await shot(coordinator, '/conferences', '33-conference-list', { wait: '.el-table__row' });
await coordinator.getByRole('button', { name: '提出议题' }).click();
await coordinator.waitForSelector('.el-dialog');
await shot(coordinator, null, '33b-conference-raise-dialog');
await shot(coordinator, `/conferences/${seeded.matterId}`, '34-conference-matter', { full: true, wait: '.opinions' });
const edu = await pageAs('handler_edu');
await shot(edu, `/conferences/${seeded.matterId}`, '35-conference-item-form', { wait: '.todo' });
const leader = await pageAs('leader');
await shot(leader, '/statistics', '36-leader-statistics', { full: true, wait: '.kpis' });
// the overdue trend in the viewport, over the last fortnight
const bjDate = (daysAgo) => new Date(Date.now() + 8 * 3600_000 - daysAgo * 86400_000).toISOString().slice(0, 10);
await leader.goto(`${BASE}/statistics?from=${bjDate(13)}&to=${bjDate(0)}`);
await leader.waitForLoadState('networkidle');
await leader.waitForSelector('.line-chart canvas');
await leader.locator('.line-chart').scrollIntoViewIfNeeded();
await leader.evaluate(() => window.scrollBy(0, 120));
await shot(leader, null, '42-leader-statistics-trend');
const civilPage = await pageAs('handler_civil');
await shot(civilPage, '/copies', '41-handler-copies', { wait: '.el-table__row' });
const admin = await pageAs('admin');
await shot(admin, '/admin/users', '37-admin-users', { wait: '.el-table__row' });
await admin.getByRole('button', { name: '新建账号' }).click();
await admin.waitForSelector('.el-dialog');
await admin.locator('.el-dialog .el-form-item').filter({ hasText: '账号' }).first().locator('input').fill(`handler_civil_${base}`);
await admin.locator('.el-dialog .el-form-item').filter({ hasText: '姓名' }).locator('input').fill('民政局经办人（新）');
await admin.locator('.el-dialog .el-form-item').filter({ hasText: '部门' }).locator('.el-select').click();
await admin.locator('.el-popper[aria-hidden="false"] .el-select-dropdown__item').filter({ hasText: '民政局' }).first().click();
await admin.getByRole('button', { name: '创建并生成密码' }).click();
await admin.waitForSelector('.pw-value');
await shot(admin, null, '38-admin-user-password-once');
await admin.getByRole('button', { name: '我已记下' }).click();
await shot(admin, '/admin/departments', '39-admin-departments', { wait: '.el-table__row' });
await shot(admin, '/admin/processes', '40-admin-processes', { wait: '.el-table__row' });

await browser.close();
if (problems.length) console.log('console problems:\n' + problems.join('\n'));
