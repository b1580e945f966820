import { expect } from 'chai';
import { restoreCountyDefaults } from '../support/county-defaults.js';
import { expectNoPageErrors, loginInBrowser, shot, useBrowser } from '../support/browser.js';
import { Browser as HttpClient, loginAs } from '../support/http.js';

const STEP = 'Task_CountyTemporaryApproval';

describe('浏览器 / 县系统管理员设本县取值，系统管理员（全省）新增县（区）', function () {
  this.timeout(120_000);
  const chrome = useBrowser();
  before(restoreCountyDefaults);

  it('县系统管理员在办理时限页修改一个环节的本县时限（标“本县自设”并显示默认值），再恢复默认；乡镇审批限额同样；工作日历只能查看', async () => {
    const page = await chrome.newPage();
    await loginInBrowser(page, 'admin');
    // the menu names the admin's county
    expect(await page.locator('.brand small').innerText()).to.equal('兜底示范县');
    await page.getByRole('menuitem', { name: '办理时限' }).click();
    await page.waitForURL('**/admin/time-limits');
    // given the step follows the installation default
    await page.locator(`[data-test="inherited-${STEP}"]`).waitFor();
    // when the admin gives it 8 working days for the county
    await page.locator(`[data-test="edit-${STEP}"]`).click();
    const dialog = page.locator('.el-dialog');
    await dialog.getByText('本县取值（只对本县生效，可随时恢复默认）').waitFor();
    await dialog.locator('.el-input-number input').first().fill('8');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText('的本县办理时限已保存').waitFor();
    // then the row says it is the county's own, with the default beside it
    const row = page.locator('.el-table__row', { has: page.locator(`[data-test="own-${STEP}"]`) });
    await row.waitFor();
    expect(await row.innerText())
      .to.contain('8 个工作日')
      .and.contain('默认 5 个工作日');

    // the township approval limit: the county's own, then back to the default
    const card = page.locator('.limit-card');
    await card.locator('[data-test="limit-inherited"]').waitFor();
    await card.getByLabel('乡镇审批限额（元）').fill('1500');
    await card.getByRole('button', { name: '保存' }).click();
    await card.locator('[data-test="limit-own"]').waitFor();
    // the screenshot: the temporary-assistance steps, once the notices are gone
    await page.locator('.toolbar').getByText('临时救助（救急难）', { exact: true }).click();
    await page.waitForFunction(() => !document.querySelector('.el-message'));
    await shot(page, '185-admin-county-time-limits.png');
    expect((await (await loginAs('admin')).get('/api/admin/settings')).body.items[0]).to.include({ own: true, valueYuan: 1500 });
    await card.locator('[data-test="limit-reset"]').click();
    await card.locator('[data-test="limit-inherited"]').waitFor();

    // 恢复默认 of the step, confirmed
    await page.locator(`[data-test="reset-${STEP}"]`).click();
    await page.locator('.el-message-box').getByRole('button', { name: '恢复默认' }).click();
    await page.locator(`[data-test="inherited-${STEP}"]`).waitFor();
    const rules = (await (await loginAs('admin')).get('/api/admin/time-limits')).body.items as any[];
    expect(rules.find((r) => r.taskKey === STEP)).to.include({ own: false, amount: 5 });

    // the calendar is shared: read only for a county admin
    await page.getByRole('menuitem', { name: '工作日历' }).click();
    await page.getByText('工作日历全省共用，由系统管理员（全省）统一录入；县系统管理员只能查看。').waitFor();
    expect(await page.getByRole('button', { name: '保存' }).count()).to.equal(0);
    expect(await page.getByRole('menuitem', { name: '县（区）' }).count()).to.equal(0);
    await page.waitForFunction(() => !document.querySelector('.el-message'));
    await shot(page, '186-admin-calendar-read-only.png');
    expectNoPageErrors(page);
  });

  it('系统管理员（全省）新增县（区）：填写县、乡镇、村和管理员，保存后初始密码显示一次，新县管理员用它登录', async () => {
    const page = await chrome.newPage();
    await loginInBrowser(page, 'sysadmin');
    // the installation admin's home is the list of counties
    await page.waitForURL('**/admin/counties');
    expect(await page.locator('.brand small').innerText()).to.equal('河北省');
    await page.getByRole('cell', { name: '兜底示范县' }).waitFor();
    await page.locator('[data-test="add-county"]').click();
    const dialog = page.locator('.el-dialog');
    await dialog.getByLabel('县（区）代码').fill('139904');
    await dialog.getByLabel('县（区）名称').fill('兜底四县');
    await dialog.getByLabel('第 1 个乡镇代码').fill('139904100');
    await dialog.getByLabel('第 1 个乡镇名称').fill('长乐镇');
    await dialog.getByLabel('第 1 个乡镇的村').fill('139904100201 长乐村\n139904100202 永安村');
    await dialog.getByLabel('管理员账号').fill('admin_c4');
    await dialog.getByLabel('管理员姓名').fill('四县系统管理员');
    // a township outside the county is refused with the reason, and nothing is created
    await dialog.getByLabel('第 1 个乡镇代码').fill('139901100');
    await dialog.locator('[data-test="save-county"]').click();
    await dialog.getByText('应以县（区）代码 139904 开头').waitFor();
    await dialog.getByLabel('第 1 个乡镇代码').fill('139904100');
    await shot(page, '187-sysadmin-add-county.png');
    await dialog.locator('[data-test="save-county"]').click();
    const created = page.locator('[data-test="created"]');
    await created.waitFor();
    const password = (await created.locator('[data-test="initial-password"]').innerText()).trim();
    const row = page.locator('.el-table__row', { hasText: '兜底四县' });
    expect(await row.innerText())
      .to.contain('139904')
      .and.contain('admin_c4');
    await page.locator('.el-card .el-loading-mask').waitFor({ state: 'hidden' });
    await page.waitForFunction(() => !document.querySelector('.el-message'));
    await shot(page, '188-sysadmin-county-added.png');

    // the new county's admin logs in with the password shown once
    const admin4 = new HttpClient();
    const login = await admin4.post('/api/auth/login', { username: 'admin_c4', password });
    expect([login.status, login.body.mustChangePassword]).to.deep.equal([200, true]);

    // the defaults page of the installation admin
    await page.getByRole('menuitem', { name: '办理时限' }).click();
    await page.getByRole('heading', { name: '办理时限（全省默认值）' }).waitFor();
    expect(await page.locator('[data-test^="apply-"]').count()).to.equal(0);
    await page.waitForFunction(() => !document.querySelector('.el-message'));
    await shot(page, '189-sysadmin-default-time-limits.png');
    expectNoPageErrors(page);
  });
});
