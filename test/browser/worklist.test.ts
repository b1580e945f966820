import { expect } from 'chai';
import { expectNoPageErrors, loginInBrowser, useBrowser } from '../support/browser.js';
import { matterTask } from '../support/conference.js';
import { loginAs } from '../support/http.js';

describe('浏览器 / 联席会议议题页办理部门意见，已办按部门隔离，系统管理仅限管理员', function () {
  this.timeout(120_000);
  const chrome = useBrowser();

  it('civil affairs gives its opinion on the matter page; it appears in its 已办 and not in health’s', async () => {
    const [coordinator, leader] = await Promise.all([loginAs('coordinator'), loginAs('leader')]);
    const raised = await coordinator.post('/api/conferences', {
      title: '浏览器测试联合帮扶议题',
      background: '浏览器测试：民政、卫健两部门对困难家庭联合帮扶提出意见。',
      departments: ['civil', 'health'],
    });
    expect(raised.status, JSON.stringify(raised.body)).to.equal(201);
    const matterId = raised.body.id as string;
    const decision = await matterTask(leader, matterId);
    expect((await leader.post(`/api/conferences/${matterId}/tasks/${decision.taskId}/complete`, { convene: true, opinion: '同意召集' })).status).to.equal(200);
    const civilApi = await loginAs('handler_civil');
    await matterTask(civilApi, matterId);

    // when the civil handler opens the matter from the list and submits the opinion form
    const page = await chrome.newPage();
    await loginInBrowser(page, 'handler_civil');
    await page.goto('/conferences');
    await page.locator('.el-table__row').filter({ hasText: raised.body.matterNo }).click();
    await page.waitForURL(`**/conferences/${matterId}`);
    const todo = page.locator('.todo').filter({ hasText: '部门意见' });
    // an empty opinion is caught before anything is sent, as on the case forms
    await todo.getByRole('button', { name: '提交部门意见' }).click();
    await todo.locator('.el-alert').filter({ hasText: '部门意见必须填写' }).waitFor();
    expect(await page.locator('.el-message-box').count()).to.equal(0);
    await todo.locator('textarea').fill('民政局同意联合帮扶，先行纳入临时救助');
    await todo.getByRole('button', { name: '提交部门意见' }).click();
    // and submitting asks for confirmation first
    await page.locator('.el-message-box').filter({ hasText: '确认提交部门意见' }).getByRole('button', { name: '确定提交' }).click();

    // then the form is gone and the opinion is on the matter under 民政局
    await todo.waitFor({ state: 'detached' });
    await page.locator('.op').filter({ hasText: '民政局' }).filter({ hasText: '先行纳入临时救助' }).waitFor();

    // and 已办 lists it, found by the matter number
    await page.getByRole('menuitem', { name: '已办' }).click();
    await page.waitForURL('**/done');
    await page.locator('input[name=caseNo]').fill(raised.body.matterNo);
    await page.getByRole('button', { name: '查询' }).click();
    const row = page.locator('.el-table__row').filter({ hasText: raised.body.matterNo });
    await row.waitFor();
    expect(await row.innerText()).to.contain('部门意见');
    expect(page.url()).to.contain(`caseNo=${raised.body.matterNo}`);
    expectNoPageErrors(page);
    await page.context().close();

    // and the health handler's 已办 does not show civil affairs' work, not even when asked for it by URL
    const health = await chrome.newPage();
    await loginInBrowser(health, 'handler_health');
    await health.goto(`/done?caseNo=${raised.body.matterNo}`);
    await health.locator('.el-table__empty-text').filter({ hasText: '没有符合条件的已办事项' }).waitFor();
    await health.goto('/done?scope=department&department=civil');
    await health.locator('.el-message--error').filter({ hasText: '只能查看本人的已办事项' }).waitFor();
    expect(await health.locator('.el-table__row').count()).to.equal(0);
    await health.context().close();
  });

  it('a leader opening the admin pages gets the 无权查看 page; the admin sees the accounts', async () => {
    const leader = await chrome.newPage();
    await loginInBrowser(leader, 'leader');
    expect(await leader.getByRole('menuitem', { name: '用户与角色' }).count()).to.equal(0);
    await leader.goto('/admin/users');
    await leader.waitForURL('**/403');
    await leader.context().close();

    const admin = await chrome.newPage();
    await loginInBrowser(admin, 'admin');
    await admin.getByRole('menuitem', { name: '用户与角色' }).click();
    await admin.locator('.el-table__row').filter({ hasText: 'handler_civil' }).first().waitFor();
    expectNoPageErrors(admin);
    await admin.context().close();
  });
});
