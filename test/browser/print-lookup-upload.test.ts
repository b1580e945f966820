import { expect } from 'chai';
import { loginAs, type Browser as HttpClient } from '../support/http.js';
import { browserHousehold, expectNoPageErrors, fillRegistrationForm, loginInBrowser, registerByApi, shot, useBrowser, withdrawCase } from '../support/browser.js';
import { complete, taskOf } from '../support/application.js';
import { pngImage } from '../support/images.js';

const PNG = pngImage(240, 160);

describe('浏览器 / 受理通知书打印、求助有门查询、申请查询筛选、附件上传', function () {
  this.timeout(90_000);
  const chrome = useBrowser();
  let clerkApi: HttpClient;
  const opened: string[] = [];
  const household = browserHousehold('孔打印演示');
  let registered: { id: string; caseNo: string; code: string } | undefined;

  before(async () => {
    clerkApi = await loginAs('clerk');
  });
  after(async () => {
    for (const id of opened) await withdrawCase(clerkApi, id);
  });

  it('受理成功 offers the 受理通知书: an A4 sheet with the county, the case number and the lookup code; the 一次性告知书 lists what is missing', async () => {
    const page = await chrome.newPage();
    await loginInBrowser(page, 'clerk');
    await fillRegistrationForm(page, household, { allDocuments: false });
    await page.getByRole('button', { name: '提交受理' }).click();
    const dialog = page.locator('.el-dialog').filter({ hasText: '受理成功' });
    await dialog.waitFor();
    const caseNo = (await dialog.locator('.case-no').innerText()).trim();
    const code = (await dialog.locator('[data-test="lookup-code"]').innerText()).trim();
    expect(code).to.match(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    await shot(page, '46-register-success-lookup-code.png');

    // when the clerk prints the 受理通知书
    await dialog.getByRole('button', { name: '打印受理通知书' }).click();
    await page.waitForURL(/\/print\/cases\/[0-9a-f-]{36}\/receipt$/);
    const sheet = page.locator('article.sheet');
    await sheet.waitFor();
    const text = await sheet.innerText();
    expect(text).to.contain('社会救助申请受理通知书');
    expect(text).to.contain('兜底示范县');
    expect(text).to.contain(caseNo);
    expect(text).to.contain(household.headName);
    expect(await sheet.locator('[data-test="lookup-code"]').innerText()).to.equal(code);
    expect(page.url(), 'the code never travels in the URL').not.to.contain(code);
    await shot(page, '47-print-receipt.png');
    // then, printed, only the A4 sheet is on paper
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.toolbar').isVisible()).to.equal(false);
    const widthPx = await sheet.evaluate((el) => el.getBoundingClientRect().width);
    expect(Math.round(widthPx)).to.equal(794); // 210 mm at 96 dpi
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    await page.emulateMedia({ media: 'screen' });

    const id = page.url().split('/print/cases/')[1]!.split('/')[0]!;
    registered = { id, caseNo, code };
    opened.push(id);
    // 一次性告知书 from the case page's 打印 menu: nothing was handed in, so every required material is listed
    await page.getByRole('button', { name: '返回案卷' }).click();
    await page.waitForURL(`**/cases/${id}`);
    await page.getByRole('button', { name: '打印' }).click();
    await page.getByRole('menuitem', { name: '一次性告知书' }).click();
    await page.waitForURL(`**/print/cases/${id}/missing`);
    const missing = await page.locator('article.sheet').innerText();
    expect(missing).to.contain('一次性告知');
    expect(missing).to.contain('居民身份证');
    expect(await page.locator('ol.missing li').count()).to.be.greaterThan(1);
    await shot(page, '48-print-missing-materials.png');
    // 救助证 before approval: no sheet, a reason instead
    await page.goto(`/print/cases/${id}/certificate`);
    await page.locator('.el-alert').filter({ hasText: '尚未审批发证' }).waitFor();
    expect(await page.locator('article.sheet').count()).to.equal(0);
    expectNoPageErrors(page);
    await page.context().close();
  });

  it('求助有门: without logging in, the applicant enters the number and code and sees the current step with its time limit and a masked name; a wrong code says only that it is wrong', async () => {
    expect(registered, 'the previous test registered a case').to.not.equal(undefined);
    const { caseNo, code } = registered!;
    const page = await chrome.newPage();
    await page.goto('/public/lookup');
    await page.locator('input[name="caseNo"]').fill(caseNo);
    await page.locator('input[name="code"]').fill('WRNG-C000');
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('.failure').filter({ hasText: '受理编号或查询码不正确' }).waitFor();

    await page.locator('input[name="code"]').fill(code.toLowerCase());
    await page.getByRole('button', { name: '查询' }).click();
    const result = page.locator('[data-test="lookup-result"]');
    await result.waitFor();
    const text = await result.innerText();
    expect(text).to.contain(caseNo);
    expect(text).to.contain('孔****');
    expect(text).not.to.contain(household.headName);
    expect(text).to.match(/办理时限|系统正在自动处理/);
    expect(page.url()).to.match(/\/public\/lookup$/);
    await shot(page, '49-public-lookup.png');
    expectNoPageErrors(page);
    await page.context().close();
  });

  it('申请查询: filtering by 户主 keeps the filter in the URL across a reload and shows 户主 and 当前环节', async () => {
    const other = await registerByApi(clerkApi, '曹筛选演示');
    opened.push(other.id);
    const village = await loginAs('village_heping');
    await taskOf(village, other.id, 'Task_HomeVisit');
    const page = await chrome.newPage();
    await loginInBrowser(page, 'clerk');
    await page.goto('/cases');
    await page.locator('input[name="head"]').fill('曹筛选');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/head=/);
    const rows = page.locator('.el-table__body tr');
    await rows.filter({ hasText: other.caseNo }).waitFor();
    // the unfiltered rows are replaced when the filtered answer arrives
    await page.waitForFunction(() => document.querySelectorAll('.el-table__body tr').length === 1);
    expect(await rows.first().innerText()).to.contain('曹筛选演示');
    expect(await rows.first().innerText()).to.contain('入户调查');
    await page.reload();
    await rows.filter({ hasText: other.caseNo }).waitFor();
    expect(await page.locator('input[name="head"]').inputValue()).to.equal('曹筛选');
    expect(await rows.count()).to.equal(1);
    await shot(page, '162-cases-search.png');
    expectNoPageErrors(page);
    await page.context().close();
  });

  it('已办 and 我发起的 filter with the same bar as 待办 and 申请查询: by 户主 and by step, kept in the URL across a reload', async () => {
    const village = await loginAs('village_heping');
    const [a, b] = [await registerByApi(clerkApi, '曹已办甲'), await registerByApi(clerkApi, '曹已办乙')];
    opened.push(a.id, b.id);
    for (const c of [a, b]) await complete(village, c.id, 'Task_HomeVisit', { findings: '家中无劳动力，住房简陋，生活困难属实', recommend: true });
    // the village worker's 已办: 户主 narrows it to one case; the step filter lists the steps by name
    const page = await chrome.newPage();
    await loginInBrowser(page, 'village_heping');
    await page.goto('/done');
    const rows = page.locator('.el-table__body tr');
    await rows.filter({ hasText: b.caseNo }).waitFor();
    await page.locator('input[name="head"]').fill('曹已办甲');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/head=/);
    await page.waitForFunction(() => document.querySelectorAll('.el-table__body tr').length === 1);
    expect(await rows.first().innerText())
      .to.contain(a.caseNo)
      .and.contain('入户调查');
    await page.locator('.list-filters .el-form-item').filter({ hasText: '环节' }).locator('.el-select').click();
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '民主评议' }).click();
    await page.waitForURL(/step=Task_DemocraticReview/);
    await page.locator('.el-table__empty-text').filter({ hasText: '没有符合条件的已办事项' }).waitFor();
    await page.goBack();
    await page.reload();
    await rows.filter({ hasText: a.caseNo }).waitFor();
    expect(await page.locator('input[name="head"]').inputValue()).to.equal('曹已办甲');
    expect(await rows.count()).to.equal(1);
    await shot(page, '165-village-done-filters.png');
    expectNoPageErrors(page);
    await page.context().close();

    // the window's 我发起的: the same bar (户主, status), kept in the URL
    const clerk = await chrome.newPage();
    await loginInBrowser(clerk, 'clerk');
    await clerk.goto('/initiated');
    await clerk.locator('input[name="head"]').fill('曹已办乙');
    await clerk.locator('input[name="head"]').press('Enter');
    await clerk.waitForURL(/head=/);
    const mine = clerk.locator('.el-table__body tr');
    await clerk.waitForFunction(() => document.querySelectorAll('.el-table__body tr').length === 1);
    expect(await mine.first().innerText()).to.contain(b.caseNo);
    await clerk.reload();
    await mine.filter({ hasText: b.caseNo }).waitFor();
    expect(await clerk.locator('input[name="head"]').inputValue()).to.equal('曹已办乙');
    await shot(clerk, '166-clerk-initiated-filters.png');
    expectNoPageErrors(clerk);
    await clerk.context().close();
  });

  it('附件: the window uploads a scan to the case page; a renamed executable is refused with a message; on a phone the village worker takes a photo with the camera', async () => {
    const c = await registerByApi(clerkApi, '严附件演示');
    opened.push(c.id);
    const page = await chrome.newPage();
    await loginInBrowser(page, 'clerk');
    await page.goto(`/cases/${c.id}`);
    const card = page.locator('.attachments');
    await card.waitFor();
    await card.locator('input[type="file"][data-kind="material"]').setInputFiles({ name: '户口簿扫描.png', mimeType: 'image/png', buffer: PNG });
    await card.locator('[data-attachment="户口簿扫描.png"]').waitFor();
    await card.locator('[data-attachment="户口簿扫描.png"] img').waitFor();
    await card.locator('input[type="file"][data-kind="material"]').setInputFiles({ name: '身份证.jpg', mimeType: 'image/jpeg', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 0x90)]) });
    await page.locator('.el-message--error').filter({ hasText: '改扩展名无效' }).waitFor();
    expect(await card.locator('li').count()).to.equal(1);
    await shot(page, '163-case-attachments.png');
    expectNoPageErrors(page);
    await page.context().close();

    const phone = await chrome.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await loginInBrowser(phone, 'village_heping');
    await phone.goto(`/cases/${c.id}`);
    const input = phone.locator('.attachments input[type="file"][data-kind="home_visit"]');
    expect(await input.getAttribute('capture')).to.equal('environment');
    expect(await input.getAttribute('accept')).to.equal('image/*');
    await input.setInputFiles({ name: '入户照片.png', mimeType: 'image/png', buffer: PNG });
    await phone.locator('.attachments [data-attachment="入户照片.png"]').waitFor();
    expect(await phone.locator('.attachments li').count()).to.equal(2);
    expectNoPageErrors(phone);
    await phone.context().close();
  });
});
