import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { loginAs, waitFor, type Browser as HttpClient } from '../support/http.js';
import { noTask, taskOf, villageSteps } from '../support/application.js';
import { browserHousehold, expectNoPageErrors, loginInBrowser, registerByApi, shot, useBrowser, withdrawCase } from '../support/browser.js';
import { pngImage } from '../support/images.js';

const PHONE = { width: 390, height: 844 };

/** A county-level temporary-assistance case (3000 元): its first user task is 县民政审批 of 民政局. */
async function countyCase(clerk: HttpClient, headName: string): Promise<string> {
  const h = browserHousehold(headName);
  const r = await clerk.post('/api/cases/temporary', {
    household: { ...h, villageCode: '139901100201', monthlyIncomeYuan: 0, members: [{ name: headName, idNumber: h.headIdNumber, relation: '本人' }] },
    amountYuan: 3000,
    reason: '家中突发重大变故，生活困难',
  });
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  return r.body.id;
}

/** Opens a task page and waits for its operations to load. */
async function openTask(page: Page, taskId: string): Promise<void> {
  await page.goto(`/tasks/${taskId}`);
  await page.locator('.task-actions').waitFor();
}

/** Runs one operation's dialog: clicks the button, picks the people or department, writes the text, confirms. */
async function act(page: Page, button: string, fill: { pick?: string[]; department?: string; text: string }): Promise<void> {
  await page.locator('.task-actions .buttons').getByRole('button', { name: button, exact: true }).click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '确定' + button });
  await dialog.waitFor();
  if (fill.department) {
    await dialog.getByText('其他部门').click();
    await dialog.locator('.el-form-item').filter({ hasText: '接收部门' }).locator('.el-select').click();
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: fill.department }).first().click();
  }
  for (const name of fill.pick ?? []) {
    await dialog
      .locator('.el-form-item')
      .filter({ hasText: /接收人|抄送人/ })
      .locator('.el-select')
      .click();
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: name }).first().click();
  }
  await dialog.locator('textarea').fill(fill.text);
  await dialog.getByRole('button', { name: '确定' + button }).click();
}

describe('浏览器 / 任务操作：签收、取消签收、转办、委派与交回、退回、抄送、加签、撤回（逐一点击）', function () {
  this.timeout(90_000);
  const chrome = useBrowser();
  let clerk: HttpClient;
  let civil: HttpClient;
  let head: HttpClient;
  let headName: string;
  const cases: string[] = [];

  before(async () => {
    [clerk, civil, head] = await Promise.all(['clerk', 'handler_civil', 'head_civil'].map((u) => loginAs(u)));
    headName = (await head.get('/api/auth/me')).body.displayName;
  });
  after(async () => {
    for (const id of cases) await withdrawCase(clerk, id);
  });

  it('取消签收、转办给同事：签收后可取消签收，转办后任务到了部门负责人名下', async () => {
    const id = await countyCase(clerk, '孔转办');
    cases.push(id);
    const t = await taskOf(civil, id, 'Task_CountyTemporaryApproval');
    const page = await chrome.newPage();
    await loginInBrowser(page, 'handler_civil');
    await openTask(page, t.taskId);
    // before claiming, 取消签收 is disabled and says why
    expect(await page.getByRole('button', { name: '取消签收' }).isDisabled()).to.equal(true);
    expect(await page.locator('.task-actions .reasons').innerText()).to.contain('取消签收：您尚未签收该任务');
    await page.getByRole('button', { name: '签收', exact: true }).click();
    await page.locator('.el-message--success').filter({ hasText: '签收成功' }).waitFor();
    await page.getByRole('button', { name: '取消签收' }).click();
    await page.locator('.el-message-box').getByRole('button', { name: '取消签收' }).click();
    await page.locator('.el-message--success').filter({ hasText: '已取消签收' }).waitFor();
    await page.waitForURL((u) => u.pathname === '/tasks');
    expect((await civil.get(`/api/tasks/${t.taskId}`)).body.assignee).to.equal(null);

    await openTask(page, t.taskId);
    await act(page, '转办', { pick: [headName], text: '金额较大，请负责人审批' });
    await page
      .locator('.el-message--success')
      .filter({ hasText: `已转办给 ${headName}` })
      .waitFor();
    expect((await head.get(`/api/tasks/${t.taskId}`)).body.claimedByMe).to.equal(true);
    expectNoPageErrors(page);
    await page.context().close();
  });

  it('转办到其他部门、抄送：联席会议办公室在“抄送我的”收到（只列出可查阅案卷的人）；应急管理局待办出现该任务', async () => {
    const id = await countyCase(clerk, '孔抄送');
    cases.push(id);
    const t = await taskOf(civil, id, 'Task_CountyTemporaryApproval');
    const page = await chrome.newPage();
    await loginInBrowser(page, 'handler_civil');
    await openTask(page, t.taskId);
    const coordinator = await loginAs('coordinator');
    const name = (await coordinator.get('/api/auth/me')).body.displayName;
    // 卫健 cannot read this case, so it is not offered
    const offered = (await civil.get(`/api/tasks/${t.taskId}/actions`)).body.copyTargets.map((u: any) => u.username);
    expect(offered).to.include('coordinator').and.not.include('handler_health');
    await act(page, '抄送', { pick: [name], text: '金额较大，请联席办关注' });
    await page
      .locator('.el-message--success')
      .filter({ hasText: `已抄送 ${name}` })
      .waitFor();
    expect(((await coordinator.get('/api/tasks/copies')).body.items as any[]).some((c) => c.caseId === id)).to.equal(true);

    await act(page, '转办', { department: '应急管理局', text: '属于受灾救助，转应急管理局' });
    await page.waitForURL((u) => u.pathname === '/tasks');
    await taskOf(await loginAs('handler_emergency'), id, 'Task_CountyTemporaryApproval');
    expectNoPageErrors(page);
    await page.context().close();
  });

  it('委派与交回、加签：委派人等待交回；加签人签署前“提交办理”不可用，签署后可以提交', async () => {
    const id = await countyCase(clerk, '孔加签');
    cases.push(id);
    const t = await taskOf(civil, id, 'Task_CountyTemporaryApproval');
    const page = await chrome.newPage();
    await loginInBrowser(page, 'handler_civil');
    await openTask(page, t.taskId);
    await act(page, '委派', { pick: [headName], text: '请负责人先行核实' });
    await page.waitForURL((u) => u.pathname === '/tasks');

    // the delegate opens it from 待办 and hands it back
    const hp = await chrome.newPage();
    await loginInBrowser(hp, 'head_civil');
    await openTask(hp, t.taskId);
    expect(await hp.locator('.task-actions').innerText()).to.contain('委派您协助办理');
    await hp.getByRole('button', { name: '交回委派人' }).click();
    const back = hp.locator('.el-dialog').filter({ hasText: '确定交回委派人' });
    await back.locator('textarea').fill('已核实，情况属实');
    await back.getByRole('button', { name: '确定交回委派人' }).click();
    await hp.locator('.el-message--success').filter({ hasText: '已交回委派人' }).waitFor();

    // the owner asks the head to co-sign: 提交办理 is disabled until the head signs
    await openTask(page, t.taskId);
    await act(page, '加签', { pick: [headName], text: '金额较大，请负责人加签' });
    await page
      .locator('.el-message--success')
      .filter({ hasText: `已请 ${headName} 加签` })
      .waitFor();
    await page
      .locator('.el-alert')
      .filter({ hasText: `等待 ${headName} 签署加签意见后才能提交办理` })
      .waitFor();
    expect(await page.getByRole('button', { name: '提交办理' }).isDisabled()).to.equal(true);

    await hp.goto('/tasks?pageSize=100');
    await hp.locator('.el-table__row').filter({ hasText: '加签：县民政审批（大额）' }).first().click();
    await hp.locator('.el-alert').filter({ hasText: '请您对「县民政审批（大额）」签署加签意见：金额较大，请负责人加签' }).waitFor();
    await hp
      .locator('.el-radio')
      .filter({ hasText: /^\s*同意\s*$/ })
      .click();
    await hp.locator('[data-field="opinion"] textarea').fill('情况属实，同意救助');
    await hp.getByRole('button', { name: '签署意见' }).click();
    await hp.locator('.el-message-box').getByRole('button', { name: '确定签署' }).click();
    await hp.locator('.el-message--success').filter({ hasText: '加签意见已签署' }).waitFor();

    await openTask(page, t.taskId);
    expect(await page.getByRole('button', { name: '提交办理' }).isDisabled()).to.equal(false);
    const file = (await clerk.get(`/api/cases/${id}`)).body;
    expect(file.timeline.map((e: any) => e.opinion).join('|'))
      .to.contain('加签意见（同意）：情况属实，同意救助')
      .and.contain('委派办理完毕，交回：已核实，情况属实');
    expectNoPageErrors(page);
    expectNoPageErrors(hp);
    await page.context().close();
    await hp.context().close();
  });

  it('退回：县级审批退回乡镇补办材料，乡镇经办人待办出现后补材料', async () => {
    const id = await countyCase(clerk, '孔退回');
    cases.push(id);
    const t = await taskOf(civil, id, 'Task_CountyTemporaryApproval');
    const page = await chrome.newPage();
    await loginInBrowser(page, 'handler_civil');
    await openTask(page, t.taskId);
    await act(page, '退回', { text: '缺少受灾情况证明，退回补办' });
    await page.locator('.el-message--success').filter({ hasText: '已退回至「后补材料和手续」' }).waitFor();
    await taskOf(await loginAs('handler_township'), id, 'Task_CompleteFile');
    await page.context().close();
  });

  it('退回到选定的环节：民政审核确认的退回对话框列出民主评议和入户调查及各自规则，选入户调查后村级专干待办出现入户调查', async () => {
    const village = await loginAs('village_heping');
    const c = await registerByApi(clerk, '孔选退');
    cases.push(c.id);
    await villageSteps(village, c.id);
    const t = await taskOf(civil, c.id, 'Task_CountyApproval', 60_000);
    const page = await chrome.newPage();
    await loginInBrowser(page, 'handler_civil');
    await openTask(page, t.taskId);
    await page.locator('.task-actions .buttons').getByRole('button', { name: '退回', exact: true }).click();
    const dialog = page.locator('.el-dialog').filter({ hasText: '确定退回' });
    await dialog.waitFor();
    // the choices, nearest first (chosen by default), each with its rule
    const choices = dialog.locator('[data-field="returnTo"] .el-radio');
    expect(await choices.count()).to.equal(2);
    expect(await choices.nth(0).innerText())
      .to.contain('民主评议')
      .and.contain('重新公示');
    expect(await choices.nth(1).innerText())
      .to.contain('入户调查')
      .and.contain('调查情况不实');
    expect(await choices.nth(0).getAttribute('class')).to.contain('is-checked');
    await choices.filter({ has: page.locator('.target-name', { hasText: /^入户调查$/ }) }).click();
    expect(await choices.nth(1).getAttribute('class')).to.contain('is-checked');
    await dialog.locator('textarea').fill('住房面积与实际不符，需重新入户核实');
    await shot(page, '164-task-return-choose-step.png');
    await dialog.getByRole('button', { name: '确定退回' }).click();
    await page.locator('.el-message--success').filter({ hasText: '已退回至「入户调查」' }).waitFor();
    await taskOf(village, c.id, 'Task_HomeVisit');
    expect(await noTask(village, c.id, 'Task_DemocraticReview')).to.equal(true);
    expectNoPageErrors(page);
    await page.context().close();
  });

  it('撤回：村级任务说明委派、退回为何不可用；村级专干在“已办”撤回刚办结的入户调查（民主评议尚未签收），重新办理', async () => {
    const village = await loginAs('village_heping');
    const c = await registerByApi(clerk, '孔撤回');
    cases.push(c.id);
    const visit = await taskOf(village, c.id, 'Task_HomeVisit');
    const page = await chrome.newPage();
    await loginInBrowser(page, 'village_heping');
    await openTask(page, visit.taskId);
    // the village step has one candidate: 委派, 加签 and 退回 say why they are not offered
    const reasons = await page.locator('.task-actions .reasons').innerText();
    expect(reasons).to.contain('没有可委派的同事').and.contain('退回：本环节没有可退回的上一环节');
    const r = await village.post(`/api/tasks/${visit.taskId}/complete`, { findings: '实际居住 1 人，情况属实', recommend: true });
    expect(r.status).to.equal(200);
    await taskOf(village, c.id, 'Task_DemocraticReview');
    await page.goto('/done');
    const row = page.locator('.el-table__row').filter({ hasText: c.caseNo }).filter({ hasText: '入户调查' });
    await row.getByRole('button', { name: '撤回' }).click();
    const box = page.locator('.el-message-box').filter({ hasText: '撤回已办结的环节' });
    await box.locator('textarea').fill('调查情况漏记家庭成员，需更正');
    await box.getByRole('button', { name: '确定撤回' }).click();
    await page.locator('.el-message--success').filter({ hasText: '已撤回「入户调查」' }).waitFor();
    await page.locator('h1').filter({ hasText: '任务办理：入户调查' }).waitFor();
    await waitFor('民主评议 cancelled', async () => ((await village.get('/api/tasks?pageSize=100')).body.items as any[]).every((x) => !(x.case?.id === c.id && x.taskKey === 'Task_DemocraticReview')));
    expectNoPageErrors(page);
    await page.context().close();
  });

  it('手机（390×844）：村级专干从菜单进入待办，点开入户调查，用手机摄像头拍两张入户照片上传后提交，按钮都在屏幕内；照片出现在案卷附件里', async () => {
    const village = await loginAs('village_heping');
    const c = await registerByApi(clerk, '孔手机');
    cases.push(c.id);
    const task = await taskOf(village, c.id, 'Task_HomeVisit');
    const page = await chrome.newPage(PHONE);
    await loginInBrowser(page, 'village_heping');
    // no sidebar on a phone: the menu is a drawer
    expect(await page.locator('.aside-col').count()).to.equal(0);
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.locator('.menu-drawer').getByRole('menuitem', { name: /待办/ }).click();
    await page.waitForURL('**/tasks');
    await page.locator('.menu-drawer').waitFor({ state: 'hidden' });
    await page.locator('.el-table__row').filter({ hasText: c.caseNo }).click();
    await page.waitForURL(`**/tasks/${task.taskId}`);
    const findings = page.locator('[data-field="findings"] textarea');
    await findings.waitFor();
    // the form takes the phone's width (it was 22 px wide beside the case file)
    const box = (await findings.boundingBox())!;
    expect(box.width).to.be.greaterThan(300);
    await findings.fill('实际居住 1 人，户主患慢性病无法务农，与申报情况一致。');
    await page
      .locator('.el-radio')
      .filter({ hasText: /^\s*建议给予救助\s*$/ })
      .click();
    // 拍照上传 opens the phone's rear camera (the file chooser with capture=environment), twice
    const photos = page.locator('[data-field="photos"]');
    for (const [i, name] of ['住房外景.png', '厨房.png'].entries()) {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), photos.getByRole('button', { name: i ? '继续拍照' : '拍照上传' }).click()]);
      expect(await chooser.element().getAttribute('capture')).to.equal('environment');
      expect(await chooser.element().getAttribute('accept')).to.equal('image/*');
      await chooser.setFiles({ name, mimeType: 'image/png', buffer: pngImage(320, 240) });
      await photos.locator(`[data-photo="${name}"] img`).waitFor();
    }
    // a renamed executable taken for a photo is refused with the reason, and nothing is added
    const [bad] = await Promise.all([page.waitForEvent('filechooser'), photos.getByRole('button', { name: '继续拍照' }).click()]);
    await bad.setFiles({ name: '照片.jpg', mimeType: 'image/jpeg', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]) });
    await page.locator('.el-message--error').filter({ hasText: '改扩展名无效' }).waitFor();
    expect(await photos.locator('[data-photo]').count()).to.equal(2);
    await shot(page, '160-phone-home-visit-photos.png');
    const submit = page.getByRole('button', { name: '提交办理' });
    await submit.scrollIntoViewIfNeeded();
    const b = (await submit.boundingBox())!;
    expect(b.x).to.be.at.least(0);
    expect(b.x + b.width).to.be.at.most(PHONE.width);
    await submit.click();
    const confirm = page.locator('.el-message-box').filter({ hasText: '已上传入户照片 2 张' });
    await confirm.getByRole('button', { name: '确定提交' }).click();
    await page.locator('.el-message--success').filter({ hasText: '「入户调查」已办理完成' }).waitFor();
    await taskOf(village, c.id, 'Task_DemocraticReview');
    // nothing on the page is wider than the phone
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
    // the photos are in the case file's 附件, shown as pictures
    await page.goto(`/cases/${c.id}`);
    const card = page.locator('.attachments');
    for (const name of ['住房外景.png', '厨房.png']) await card.locator(`[data-attachment="${name}"] img`).waitFor();
    expect(await card.locator('li').count()).to.equal(2);
    expect(await card.locator('li').first().textContent()).to.contain('入户调查照片');
    await card.scrollIntoViewIfNeeded();
    await shot(page, '161-phone-case-home-visit-photos.png');
    expectNoPageErrors(page);
    await page.context().close();
  });

  it('键盘与离开提示：菜单和待办行可用键盘打开；填了一半的入户调查离开前先询问', async () => {
    const village = await loginAs('village_heping');
    const c = await registerByApi(clerk, '孔键盘');
    cases.push(c.id);
    const task = await taskOf(village, c.id, 'Task_HomeVisit');
    const page = await chrome.newPage();
    await loginInBrowser(page, 'village_heping');
    // the menu item and the inbox row take the focus and open with Enter
    await page.getByRole('menuitem', { name: /待办/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/tasks');
    const row = page.locator('tr.clickable-row').filter({ hasText: c.caseNo });
    await row.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/tasks/${task.taskId}`);
    // a half-filled form is not lost without asking
    await page.locator('[data-field="findings"] textarea').fill('实际居住 1 人，');
    await page.getByRole('button', { name: '返回待办' }).click();
    const ask = page.locator('.el-message-box').filter({ hasText: '离开此页' });
    await ask.waitFor();
    await ask.getByRole('button', { name: '留在此页' }).click();
    expect(new URL(page.url()).pathname).to.equal(`/tasks/${task.taskId}`);
    expect(await page.locator('[data-field="findings"] textarea').inputValue()).to.equal('实际居住 1 人，');
    await page.getByRole('button', { name: '返回待办' }).click();
    await page.locator('.el-message-box').getByRole('button', { name: '离开' }).click();
    await page.waitForURL((u) => u.pathname === '/tasks');
    expectNoPageErrors(page);
    await page.context().close();
  });
});
