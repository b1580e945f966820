import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { expectNoPageErrors, loginInBrowser, useBrowser } from '../support/browser.js';
import { loginAs, waitFor } from '../support/http.js';
import { givenRecipient } from '../support/payroll.js';

/** With SCREENSHOT_DIR set (docs/screenshots), the pages are also saved as pictures for the docs. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, name), fullPage: true });
}

/** A season no other test starts. */
const SEASON = '2028-2029';

describe('浏览器 / 冬春救助：村级专干在手机上摸底，协调员看各乡镇进度', function () {
  this.timeout(180_000);
  const chrome = useBrowser();

  it('手机（390×844）：村级专干从菜单打开冬春救助，列出本村一户的取暖需求并提交；协调员在进度表上看到幸福镇 1/2 个村已摸底', async () => {
    const civil = await loginAs('handler_civil');
    const started = await civil.post('/api/campaigns', { season: SEASON });
    expect(started.status, JSON.stringify(started.body)).to.equal(201);
    const id = started.body.id as string;
    const h = await givenRecipient({ name: '邓演示暖' });
    const api = await loginAs('village_heping');
    await waitFor('the survey task', async () => ((await api.get(`/api/campaigns/${id}`)).body.tasks as any[]).some((t) => t.taskKey === 'Task_VillageSurvey'));

    const page = await chrome.newPage({ width: 390, height: 844 });
    await loginInBrowser(page, 'village_heping');
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.locator('.menu-drawer').getByRole('menuitem', { name: '冬春救助' }).click();
    await page.waitForURL('**/campaigns');
    const card = page.locator('[data-test=campaign-task]');
    await card.getByText('待我办理：村级摸底：冬春救助需求').waitFor();
    await card.getByRole('button', { name: '添加一户' }).click();
    await card.getByLabel('第 1 项户编号').fill(h.household.householdNo);
    await card.locator('.row-item .el-input-number input').fill('300');
    await card.getByLabel('第 1 项说明').fill('独居老人，冬季取暖煤炭费用困难');
    await card.getByPlaceholder('必填').fill('已逐户走访，本村 1 户需要冬春救助');
    await shot(page, '113-phone-village-survey.png');
    await card.getByRole('button', { name: '提交' }).click();
    await card.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: h.household.householdNo }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: h.household.householdNo }).innerText())
      .to.contain('取暖')
      .and.contain('300.00')
      .and.contain('邓***');
    await shot(page, '114-phone-village-survey-done.png');
    expectNoPageErrors(page);

    const coordinator = await chrome.newPage();
    await loginInBrowser(coordinator, 'coordinator');
    await coordinator.getByRole('menuitem', { name: '冬春救助' }).click();
    await coordinator.waitForURL('**/campaigns');
    const row = coordinator.locator('[data-test=campaign-progress] .el-table__row').filter({ hasText: '幸福镇' });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).to.contain('1 / 2').and.contain('300.00').and.contain('未审核');
    await shot(coordinator, '115-coordinator-campaign-progress.png');
    expectNoPageErrors(coordinator);
  });

  it('管理员在办理时限页设置冬春救助启动日：格式不对被拒绝并说明，正确的日期保存后生效', async () => {
    const page = await chrome.newPage();
    await loginInBrowser(page, 'admin');
    await page.goto('/admin/time-limits');
    const input = page.getByLabel('冬春救助启动日');
    await input.fill('13-01');
    await page.locator('.day-card').getByRole('button', { name: '保存' }).click();
    await page.locator('.day-card').getByText('启动日格式应为 MM-DD').waitFor();
    await input.fill('10-15');
    await page.locator('.day-card').getByRole('button', { name: '保存' }).click();
    await page.getByText('冬春救助启动日已保存').waitFor();
    expect((await (await loginAs('admin')).get('/api/admin/campaign-start-day')).body.day).to.equal('10-15');
    await shot(page, '116-admin-campaign-start-day.png');
    expectNoPageErrors(page);
  });
});
