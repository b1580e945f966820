import { expect } from 'chai';
import { loginAs, waitFor, type Browser as HttpClient } from '../support/http.js';
import { taskOf } from '../support/application.js';
import { browserHousehold, expectNoPageErrors, fillRegistrationForm, loginInBrowser, useBrowser, withdrawCase } from '../support/browser.js';

describe('浏览器 / 窗口受理 → 村级入户调查 → 他部门无权查看（真实界面、真实引擎）', function () {
  this.timeout(60_000);
  const chrome = useBrowser();
  let clerkApi: HttpClient;
  const household = browserHousehold('卫浏览');
  let registered: { id: string; caseNo: string } | undefined;

  before(async () => {
    clerkApi = await loginAs('clerk');
  });
  after(async () => {
    if (registered) await withdrawCase(clerkApi, registered.id);
  });

  it('a clerk registers a new household through the 受理登记 form and sees the case number in the success dialog', async () => {
    const page = await chrome.newPage();
    await loginInBrowser(page, 'clerk');
    await fillRegistrationForm(page, household);
    // the head is mirrored into the member list
    expect(await page.locator('.m-row').first().locator('input').first().inputValue()).to.equal(household.headName);

    await page.getByRole('button', { name: '提交受理' }).click();
    const dialog = page.locator('.el-dialog').filter({ hasText: '受理成功' });
    await dialog.waitFor();
    const caseNo = (await dialog.locator('.case-no').innerText()).trim();
    expect(caseNo).to.match(/^\S{6,}$/);
    expect(await dialog.innerText()).to.contain('已受理，受理编号');

    // 查看案卷 opens the new case file, registered in 和平村 with this household
    await dialog.getByRole('button', { name: '查看案卷' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const id = page.url().split('/cases/')[1]!;
    registered = { id, caseNo };
    await page.locator('h1').filter({ hasText: caseNo }).waitFor();
    const api = (await clerkApi.get(`/api/cases/${id}`)).body;
    expect(api.caseNo).to.equal(caseNo);
    // ID numbers are shown masked, even to the registering window
    expect(api.household.headIdNumber).to.equal(`${household.headIdNumber.slice(0, 6)}********${household.headIdNumber.slice(-4)}`);
    expect(api.household.headName).to.equal(household.headName);
    expect(api.household.village).to.equal('和平村');
    expect(api.assistanceTypes).to.deep.equal(['dibao']);
    expect(api.documents.missing).to.deep.equal([]);
    expectNoPageErrors(page);
    await page.context().close();
  });

  it('the 和平村 village worker finds 入户调查 of that case in 待办 and completes it through the task page form', async () => {
    expect(registered, 'registered by the previous test').to.not.equal(undefined);
    const { id, caseNo } = registered!;
    const villageApi = await loginAs('village_heping');
    // the first user task appears once the case has been classified (real engine, external-task worker)
    const task = await taskOf(villageApi, id, 'Task_HomeVisit');

    const page = await chrome.newPage();
    await loginInBrowser(page, 'village_heping');
    await page.goto('/tasks?pageSize=100');
    const row = page.locator('.el-table__row').filter({ hasText: caseNo });
    await row.waitFor();
    expect(await row.innerText()).to.contain('入户调查');
    // the inbox names the head masked (卫*)
    expect(await row.innerText()).to.contain('卫*');
    await row.click();
    await page.waitForURL(`**/tasks/${task.taskId}`);
    await page.locator('h1').filter({ hasText: '任务办理：入户调查' }).waitFor();
    // the task page shows the case it is about
    expect(await page.locator('.case-no').first().innerText()).to.equal(caseNo);

    await page.locator('[data-field="findings"] textarea').fill('实际居住 1 人，户主患慢性病无法务农，无其他收入来源，与申报情况一致。');
    await page
      .locator('.el-radio')
      .filter({ hasText: /^\s*建议给予救助\s*$/ })
      .click();
    await page.getByRole('button', { name: '提交办理' }).click();
    const confirm = page.locator('.el-message-box').filter({ hasText: '确认提交办理' });
    await confirm.waitFor();
    expect(await confirm.innerText()).to.contain('调查结论：建议给予救助');
    await confirm.getByRole('button', { name: '确定提交' }).click();
    await page.locator('.el-message--success').filter({ hasText: '「入户调查」已办理完成' }).waitFor();
    await page.waitForURL((u) => u.pathname === '/tasks');

    // the engine moved on: 民主评议 for the same village, and the visit is on the case file
    await taskOf(villageApi, id, 'Task_DemocraticReview');
    const file = await waitFor('home visit recorded', async () => {
      const f = (await villageApi.get(`/api/cases/${id}`)).body;
      return f.homeVisits.length ? f : undefined;
    });
    expect(file.homeVisits[0]).to.include({ recommend: true });
    expect(file.homeVisits[0].findings).to.contain('户主患慢性病');
    expectNoPageErrors(page);
    await page.context().close();
  });

  it('the case page draws the path taken on the 流程跟踪图: 入户调查 done, 民主评议 current, the missing-documents branch not taken', async () => {
    expect(registered, 'registered by the first test').to.not.equal(undefined);
    const page = await chrome.newPage();
    await loginInBrowser(page, 'village_heping');
    await page.goto(`/cases/${registered!.id}`);
    const marked = (id: string, marker: string) => page.locator(`.diagram-card g.djs-element.${marker}[data-element-id="${id}"]`);
    await marked('Task_DemocraticReview', 'dd-current').waitFor();
    expect(await marked('Task_HomeVisit', 'dd-done').count()).to.equal(1);
    for (const flow of ['Flow_ToCheckDocuments', 'Flow_DocumentsComplete', 'Flow_ToHomeVisit', 'Flow_ToDemocraticReview']) {
      expect(await marked(flow, 'dd-flow-done').count(), flow).to.equal(1);
    }
    for (const flow of ['Flow_DocumentsMissing', 'Flow_ToNotice', 'Flow_ObjectionUpheld']) {
      expect(await marked(flow, 'dd-flow-done').count(), flow).to.equal(0);
    }
    expectNoPageErrors(page);
    await page.context().close();
  });

  it('a handler of another department (卫健) opening the case gets the 无权查看 page and no household data', async () => {
    expect(registered, 'registered by the first test').to.not.equal(undefined);
    const { id, caseNo } = registered!;
    const page = await chrome.newPage();
    await loginInBrowser(page, 'handler_health');
    await page.goto(`/cases/${id}`);
    const result = page.locator('.el-result').filter({ hasText: '无权查看' });
    await result.waitFor();
    expect(await result.innerText()).to.contain('无权查看该申请');
    const text = await page.locator('body').innerText();
    const masked = `${household.headIdNumber.slice(0, 6)}********${household.headIdNumber.slice(-4)}`;
    for (const secret of [household.headName, household.headIdNumber, masked, household.phone, household.address, caseNo]) {
      expect(text, `page shows ${secret}`).to.not.contain(secret);
    }
    expect(await page.locator('.el-descriptions').count()).to.equal(0);
    expect(await page.getByText('申请家庭').count()).to.equal(0);
    expectNoPageErrors(page);
    await page.context().close();
  });
});
