import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { loginAs, type Browser as HttpClient } from '../support/http.js';
import { closedCase, complete, noTask, taskOf } from '../support/application.js';
import { browserHousehold, expectNoPageErrors, loginInBrowser, useBrowser } from '../support/browser.js';

/** Registers 临时救助 through the window's form; returns the case id from the case page it opens. */
async function registerInBrowser(page: Page, headName: string, amountYuan: number): Promise<string> {
  const h = browserHousehold(headName);
  await page.getByRole('menuitem', { name: '临时救助' }).click();
  await page.waitForURL('**/temporary');
  await page.locator('.el-form-item').filter({ hasText: '户主姓名' }).locator('input').fill(h.headName);
  await page.locator('.el-form-item').filter({ hasText: '户主身份证号' }).locator('input').fill(h.headIdNumber);
  await page.locator('.el-form-item').filter({ hasText: '所属村（社区）' }).locator('.el-select').click();
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '和平村' }).first().click();
  await page.locator('.el-form-item').filter({ hasText: '家庭住址' }).locator('input').fill(h.address);
  await page.locator('.el-form-item').filter({ hasText: '申请金额（元）' }).locator('input').fill(String(amountYuan));
  await page.getByPlaceholder(/家中突发火灾/).fill('家中突发火灾，基本生活暂时无法维持');
  await page.getByRole('button', { name: '登记并启动临时救助' }).click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '已登记' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: '查看案卷' }).click();
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  return page.url().split('/cases/')[1]!;
}

describe('浏览器 / 窗口登记临时救助：800 元乡镇审批，3000 元县民政审批（真实界面、真实引擎）', function () {
  this.timeout(90_000);
  const chrome = useBrowser();
  let township: HttpClient;
  let civil: HttpClient;
  let clerk: HttpClient;

  before(async () => {
    [township, civil, clerk] = await Promise.all([loginAs('handler_township'), loginAs('handler_civil'), loginAs('clerk')]);
  });

  it('800 元：决策表定为乡镇审批，乡镇同意后发放，案卷显示层级、审批人和发放', async () => {
    const page = await chrome.newPage();
    await loginInBrowser(page, 'clerk');
    const id = await registerInBrowser(page, '秦浏览', 800);
    await taskOf(township, id, 'Task_TownshipApproval');
    expect(await noTask(civil, id, 'Task_CountyTemporaryApproval')).to.equal(true);
    await complete(township, id, 'Task_TownshipApproval', { approved: true, opinion: '情况属实，同意救助 800 元' });
    await closedCase(clerk, id);
    await page.reload();
    const card = page.locator('.el-card').filter({ has: page.locator('.card-title', { hasText: '临时救助' }) });
    await card.filter({ hasText: '800.00' }).waitFor();
    const text = await card.innerText();
    expect(text).to.contain('乡镇审批').and.contain('窗口受理');
    expect(text).to.match(/审批人\s*\S+/);
    expectNoPageErrors(page);
  });

  it('3000 元：报县民政局审批，乡镇没有这项待办', async () => {
    const page = await chrome.newPage();
    await loginInBrowser(page, 'clerk');
    const id = await registerInBrowser(page, '尤浏览', 3000);
    await taskOf(civil, id, 'Task_CountyTemporaryApproval');
    expect(await noTask(township, id, 'Task_TownshipApproval')).to.equal(true);
    await complete(civil, id, 'Task_CountyTemporaryApproval', { approved: true, opinion: '同意救助 3000 元' });
    const file = await closedCase(clerk, id);
    expect(file.temporary).to.include({ amountYuan: 3000, approvalLevel: 'county', source: 'window' });
    await page.reload();
    await page
      .locator('.el-card')
      .filter({ has: page.locator('.card-title', { hasText: '临时救助' }) })
      .filter({ hasText: '县级审批' })
      .waitFor();
    expectNoPageErrors(page);
  });
});
