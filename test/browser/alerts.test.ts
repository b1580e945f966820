import { expect } from 'chai';
import { loginAs, type Browser as HttpClient } from '../support/http.js';
import { taskOf } from '../support/application.js';
import { expectNoPageErrors, expectSameDocument, loginInBrowser, markDocument, registerByApi, useBrowser, waitForRealtime, withdrawCase } from '../support/browser.js';

const STEP = { processKey: 'social-assistance-application', taskKey: 'Task_HomeVisit' };
const RULE_FIELDS = ['amount', 'unit', 'remindBeforeAmount', 'remindBeforeUnit', 'graceAmount', 'graceUnit'] as const;

/** Sets the time limit of 入户调查 through the admin API; returns the previous rule. */
async function setRule(admin: HttpClient, rule: Record<string, unknown>): Promise<any> {
  const rules = (await admin.get('/api/admin/time-limits')).body.items as any[];
  const current = rules.find((r) => r.processKey === STEP.processKey && r.taskKey === STEP.taskKey);
  const r = await admin.request('PUT', `/api/admin/time-limits/${current.id}`, rule);
  expect(r.status, JSON.stringify(r.body)).to.equal(200);
  return Object.fromEntries(RULE_FIELDS.map((k) => [k, current[k]]));
}

describe('浏览器 / 分管领导不刷新页面即收到红牌预警', function () {
  this.timeout(60_000);
  const chrome = useBrowser();
  let admin: HttpClient;
  let clerkApi: HttpClient;
  let previous: Record<string, unknown> | undefined;
  let created: { id: string; caseNo: string } | undefined;

  before(async () => {
    [admin, clerkApi] = await Promise.all([loginAs('admin'), loginAs('clerk')]);
  });
  after(async () => {
    if (previous) await setRule(admin, previous);
    if (created) await withdrawCase(clerkApi, created.id);
  });

  it('an open leader page shows the 红牌 toast of a late 入户调查 for that case, live', async () => {
    const page = await chrome.newPage();
    await loginInBrowser(page, 'leader');
    await waitForRealtime(page);
    const mark = await markDocument(page);

    // 入户调查 limited to 2 working hours, reminder 1 hour before, 1 hour of grace: 2 s, 4 s and 6 s on the demo scale
    previous = await setRule(admin, { amount: 2, unit: 'hour', remindBeforeAmount: 1, remindBeforeUnit: 'hour', graceAmount: 1, graceUnit: 'hour' });
    created = await registerByApi(clerkApi, '韩红牌');
    // the step's deadlines are fixed when the task is reached: the usual rule can come back now
    await taskOf(await loginAs('village_heping'), created.id, 'Task_HomeVisit');
    await setRule(admin, previous!);
    previous = undefined;

    const toast = page.locator('.el-notification.dd-alert-escalation').filter({ hasText: created.caseNo });
    await toast.waitFor({ timeout: 30_000 });
    const text = await toast.innerText();
    expect(text).to.contain('红牌');
    expect(text).to.contain('入户调查');
    expect(text).to.contain('已登记问责台账');
    await expectSameDocument(page, mark);

    // the toast leads to the case file, whose 办理过程 records the 红牌
    await toast.click();
    await page.waitForURL(`**/cases/${created.id}`);
    await page.locator('h1').filter({ hasText: created.caseNo }).waitFor();
    expectNoPageErrors(page);
    await page.context().close();
  });
});
