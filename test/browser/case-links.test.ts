/**
 * 案卷上的协同 in the real UI: the joint-conference office raises a matter from
 * a case page and each side links to the other; the window corrects a
 * household's facts; 乡村振兴 flags a household for 临时救助.
 * DOUDI_SCREENSHOTS=1 writes docs/screenshots/150–155.
 */
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../../domain/config.js';
import { loginAs, type Browser as HttpClient } from '../support/http.js';
import { expectNoPageErrors, loginInBrowser, registerByApi, useBrowser, withdrawCase } from '../support/browser.js';

const shot = async (page: Page, name: string) => {
  if (process.env.DOUDI_SCREENSHOTS) await page.screenshot({ path: path.join(REPO_ROOT, 'docs', 'screenshots', name), fullPage: true });
};

describe('浏览器 / 案卷上的联席会议议题、家庭情况变更、乡村振兴推送（真实界面、真实引擎）', function () {
  this.timeout(120_000);
  const chrome = useBrowser();
  let clerk: HttpClient;
  const opened: string[] = [];
  before(async () => {
    clerk = (await loginAs('clerk'))!;
  });
  after(async () => {
    for (const id of opened) await withdrawCase(clerk, id);
  });

  it('协调员在案卷上提请联席会议：议题页显示关联申请，回到案卷看到议题；窗口看不到提请按钮', async () => {
    const c = await registerByApi(clerk, '沈浏览');
    opened.push(c.id);
    const page = await chrome.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await loginInBrowser(page, 'coordinator');
    await page.goto(`${new URL(page.url()).origin}/cases/${c.id}`);
    const card = page.locator('.case-conferences');
    await card.getByRole('button', { name: '提请联席会议' }).click({ timeout: 40_000 });
    const dialog = page.locator('.el-dialog').filter({ hasText: '提请联席会议' });
    await dialog.getByText(c.caseNo).waitFor();
    expect(await dialog.locator('.el-form-item').filter({ hasText: '议题名称' }).locator('input').inputValue()).to.contain(c.caseNo);
    await dialog.locator('.el-form-item').filter({ hasText: '议题背景' }).locator('textarea').fill('该户户主长期患病，医疗费用负担重，需卫健、医保和民政部门协同研究救助措施。');
    await dialog.locator('.el-checkbox').filter({ hasText: '卫生健康' }).first().click();
    await dialog.locator('.el-checkbox').filter({ hasText: '民政' }).first().click();
    await shot(page, '150-case-raise-conference.png');
    await dialog.getByRole('button', { name: '提出议题' }).click();
    // the matter page names the case and links back to it
    await page.waitForURL(/\/conferences\/[0-9a-f-]{36}$/);
    const back = page.getByRole('link', { name: c.caseNo });
    await back.waitFor();
    await shot(page, '151-conference-related-case.png');
    await back.click();
    await page.waitForURL(`**/cases/${c.id}`);
    await card.getByText('待召集人决定').waitFor();
    expect(await card.innerText()).to.match(/JC-\d{4}-\d{4}/);
    await shot(page, '152-case-conference-card.png');
    expectNoPageErrors(page);

    // the window reads the matter on the case page but may not raise one
    const window = await chrome.newPage();
    await loginInBrowser(window, 'clerk');
    await window.goto(`${new URL(window.url()).origin}/cases/${c.id}`);
    await window.locator('.case-conferences').getByText('待召集人决定').waitFor();
    expect(await window.locator('.case-conferences').getByRole('button', { name: '提请联席会议' }).count()).to.equal(0);
  });

  it('窗口在案卷上变更家庭情况：矛盾的情况在字段下说明原因，保存后案卷显示新情况', async () => {
    const c = await registerByApi(clerk, '韦浏览');
    opened.push(c.id);
    const page = await chrome.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await loginInBrowser(page, 'clerk');
    await page.goto(`${new URL(page.url()).origin}/cases/${c.id}`);
    await page.getByRole('button', { name: '变更家庭情况' }).click({ timeout: 40_000 });
    const dialog = page.locator('.el-dialog').filter({ hasText: '变更家庭情况' });
    const row = dialog.locator('.row').first();
    // an adult "in primary school": refused with the reason under the field
    await row.locator('.el-select').nth(1).click();
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '小学' }).first().click();
    await dialog.getByLabel('变更原因').fill('户主新办残疾人证');
    await dialog.getByRole('button', { name: '保存变更' }).click();
    await dialog.getByText(/周岁的成员不可能在读小学/).waitFor();
    // corrected: a disability certificate instead
    await row.locator('.el-select').nth(1).click();
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '不在学' }).first().click();
    await row.locator('.el-select').nth(0).click();
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '残疾二级' }).first().click();
    await shot(page, '153-household-facts-dialog.png');
    await dialog.getByRole('button', { name: '保存变更' }).click();
    await page.locator('.el-tag').filter({ hasText: '残疾人证二级' }).waitFor();
    await page.getByText('变更1 名成员的情况：户主新办残疾人证').first().waitFor();
    await shot(page, '154-household-facts-changed.png');
    expectNoPageErrors(page);
  });

  it('乡村振兴部门在“乡村振兴推送”中推送家庭，启动临时救助，案卷写明来源', async () => {
    const c = await registerByApi(clerk, '庞浏览');
    opened.push(c.id);
    const page = await chrome.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await loginInBrowser(page, 'handler_rural');
    await page.getByRole('menuitem', { name: '乡村振兴推送' }).click();
    await page.waitForURL('**/temporary');
    await page.locator('.el-radio-button').filter({ hasText: '已登记家庭' }).click();
    await page.locator('.el-form-item').filter({ hasText: '已登记家庭' }).locator('.el-select').click();
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '庞浏览' }).first().click();
    await page.locator('.el-form-item').filter({ hasText: '申请金额（元）' }).locator('input').fill('600');
    await page.getByPlaceholder(/家中突发火灾/).fill('监测户主要劳动力因病住院，收入骤减，存在返贫风险');
    await shot(page, '155-rural-flag-form.png');
    await page.getByRole('button', { name: '推送并启动临时救助' }).click();
    const done = page.locator('.el-dialog').filter({ hasText: '已登记' });
    await done.waitFor();
    await done.getByRole('button', { name: '查看案卷' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    opened.push(page.url().split('/cases/')[1]!);
    await page
      .locator('.el-card')
      .filter({ has: page.locator('.card-title', { hasText: '临时救助' }) })
      .filter({ hasText: '乡村振兴部门推送' })
      .waitFor();
    expectNoPageErrors(page);
  });
});
