import { expect } from 'chai';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, type Browser as HttpClient } from '../support/http.js';
import { HEPING_VILLAGE, browserHousehold, expectNoPageErrors, loginInBrowser, useBrowser, withdrawCase } from '../support/browser.js';
import { DOCUMENT_CODES } from '../../domain/documents.js';

describe('浏览器 / 首次登录改密、脚本不执行、查看完整身份证号须说明事由', function () {
  this.timeout(60_000);
  const chrome = useBrowser();
  let caseId: string | undefined;
  let clerkApi: HttpClient | undefined;

  after(async () => {
    if (clerkApi && caseId) await withdrawCase(clerkApi, caseId);
  });

  it('a seeded account is taken from login to the change-password page, and into the system once it changed the password (Enter sends each form once)', async () => {
    const acc = thePlatform().seededAccounts.find((a) => a.username === 'clerk_town')!;
    const page = await chrome.newPage();
    const posts: string[] = [];
    // the login page asks who is logged in without a failing request (the browser logs every 401 as a console error)
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/api\/auth\/(login|password)$/.test(new URL(r.url()).pathname)) posts.push(new URL(r.url()).pathname);
    });
    await page.goto('/cases');
    await page.getByPlaceholder('请输入用户名').fill(acc.username);
    expect(consoleErrors, 'console errors on the login page').to.deep.equal([]);
    await page.getByPlaceholder('请输入密码').fill(acc.password);
    await page.getByPlaceholder('请输入密码').press('Enter');
    await page.waitForURL((u) => u.pathname === '/password' && u.searchParams.get('redirect') === '/cases');
    expect(await page.locator('.change-password').innerText()).to.contain('首次登录须先修改系统分配的初始密码');
    // every other page leads back here until the password is changed
    await page.goto('/tasks');
    await page.waitForURL((u) => u.pathname === '/password' && u.searchParams.get('redirect') === '/tasks');
    const newPassword = 'TownClerk2026x';
    await page.getByPlaceholder('请输入原密码').fill(acc.password);
    await page.getByPlaceholder('至少 10 位，须包含字母和数字').fill(newPassword);
    await page.getByPlaceholder('请再次输入新密码').fill(newPassword);
    await page.getByPlaceholder('请再次输入新密码').press('Enter');
    await page.waitForURL('**/tasks');
    acc.password = newPassword;
    await page.locator('.who-name').waitFor();
    // Enter in the last field used to submit twice (native form submit and a key handler): two logins, two changes, two toasts
    expect(posts).to.deep.equal(['/api/auth/login', '/api/auth/password']);
    expectNoPageErrors(page);
    await page.context().close();
  });

  it('script in the registration is shown as text and never runs; 查看 reveals the full ID number after asking for a reason', async () => {
    clerkApi = await loginAs('clerk_town');
    const h = browserHousehold('魏浏览');
    const reason = '家庭困难<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const r = await clerkApi.post('/api/cases', {
      household: { ...h, address: '和平村<b onmouseover="window.__xss=3">加粗</b>街 1 号', villageCode: HEPING_VILLAGE, monthlyIncomeYuan: 0, members: [{ name: h.headName, idNumber: h.headIdNumber, relation: '本人' }] },
      assistanceTypes: ['dibao'],
      reason,
      documents: [...DOCUMENT_CODES],
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    caseId = r.body.id;

    const page = await chrome.newPage();
    await page.goto('/login');
    await page.getByPlaceholder('请输入用户名').fill('clerk_town');
    await page.getByPlaceholder('请输入密码').fill(thePlatform().seededAccounts.find((a) => a.username === 'clerk_town')!.password);
    await page.getByRole('button', { name: '登 录' }).click();
    await page.locator('.who-name').waitFor();
    await page.goto(`/cases/${caseId}`);
    await page.locator('h1').filter({ hasText: r.body.caseNo }).waitFor();
    // the text is there, literally; no element was made of it and nothing ran
    expect(await page.locator('body').innerText()).to.contain(reason);
    expect(await page.locator('img[src="x"], b[onmouseover]').count()).to.equal(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null)).to.equal(null);

    // the head's ID number is masked until 查看 with a reason
    const masked = `${h.headIdNumber.slice(0, 6)}********${h.headIdNumber.slice(-4)}`;
    const idCell = page.locator('[data-field="headIdNumber"]');
    expect((await idCell.innerText()).trim()).to.equal(masked);
    await page.locator('.el-descriptions__cell').filter({ has: idCell }).getByRole('button', { name: '查看' }).click();
    const box = page.locator('.el-message-box').filter({ hasText: '查看完整身份证号' });
    await box.waitFor();
    await box.locator('input').fill('核对');
    await box.getByRole('button', { name: '查看' }).click();
    expect(await box.innerText()).to.contain('查看事由须为 4–200 个字');
    await box.locator('input').fill('核对申请人身份');
    await box.getByRole('button', { name: '查看' }).click();
    await page.waitForFunction((full) => document.querySelector('[data-field="headIdNumber"]')?.textContent?.trim() === full, h.headIdNumber);
    // and the reveal is in the audit log with its reason
    const [entry] = (await thePlatform().ds.query(`SELECT username, status, detail FROM audit_entry WHERE action = 'POST /api/cases/:id/reveal' AND target = $1 ORDER BY id DESC LIMIT 1`, [r.body.caseNo])) as any[];
    expect(entry.username).to.equal('clerk_town');
    expect(entry.status).to.equal(200);
    expect(JSON.parse(entry.detail)).to.deep.equal({ field: 'idNumber', memberId: null, reason: '核对申请人身份' });
    expectNoPageErrors(page);
    await page.context().close();
  });

  it('an admin finds the reveal, with its reason, in 审计日志', async () => {
    const page = await chrome.newPage();
    await loginInBrowser(page, 'admin');
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.waitForURL('**/admin/audit');
    await page.getByPlaceholder('如：reveal').fill('reveal');
    await page.getByRole('button', { name: '查询' }).click();
    const row = page.locator('.el-table__row').filter({ hasText: 'clerk_town' }).filter({ hasText: '核对申请人身份' }).first();
    await row.waitFor();
    expect(await row.innerText())
      .to.contain('查看身份证号')
      .and.to.contain('POST /api/cases/:id/reveal');
    expect(await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href')).to.equal('/api/admin/audit/export?action=reveal');
    expectNoPageErrors(page);
    await page.context().close();
  });
});
