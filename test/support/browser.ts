/**
 * Browser tests: Debian Chromium driven by playwright-core, against the web UI
 * the test platform serves from web/dist (npm test builds it first). One
 * Chromium per test file (`useBrowser()` inside the file's describe); a fresh
 * context (cookies, localStorage) per page, i.e. per simulated user.
 */
import { expect } from 'chai';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../domain/config.js';
import { DOCUMENT_CODES } from '../../domain/documents.js';
import { makeIdNumber } from '../../domain/idcard.js';
import { chromiumLaunchOptions } from '../../scripts/chromium.js';
import { thePlatform } from './global-fixture.js';
import { settlePassword, type Browser as HttpClient } from './http.js';

/** 和平村 (幸福镇) of the seeded demo county. */
export const HEPING_VILLAGE = '139901100201';

/** Screenshots for docs/screenshots/ when DOUDI_SCREENSHOTS is set (the page's own viewport: 1366×768, or 390×844 for a phone). */
export async function shot(page: Page, name: string): Promise<void> {
  if (process.env.DOUDI_SCREENSHOTS) await page.screenshot({ path: path.join(REPO_ROOT, 'docs', 'screenshots', name) });
}

/** Chromium from the @sparticuz/chromium package (or CHROMIUM_PATH): see scripts/chromium.ts. Never skipped. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch(await chromiumLaunchOptions());
}

/** What a page printed or threw, for assertions and for failure messages. */
export interface PageLog {
  console: string[];
  errors: string[];
}
const logs = new WeakMap<Page, PageLog>();
export const pageLog = (page: Page): PageLog => logs.get(page) ?? { console: [], errors: [] };

export interface BrowserHandle {
  /** A page in a new context (own cookies and storage), 1366×768 unless told (e.g. a 390×844 phone), zh-CN, Beijing time. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
}

/**
 * Launches Chromium once for the enclosing describe (before) and closes it
 * (after). Fails loudly when the binary is missing: browser tests never skip.
 */
export function useBrowser(): BrowserHandle {
  let browser: Browser | undefined;
  before(async function () {
    this.timeout(30_000);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  return {
    async newPage(viewport = { width: 1366, height: 768 }) {
      if (!browser) throw new Error('browser not launched (call useBrowser() inside a describe)');
      const context = await browser.newContext({
        baseURL: thePlatform().url,
        viewport,
        ...(viewport.width < 768 ? { isMobile: true, hasTouch: true } : {}),
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const log: PageLog = { console: [], errors: [] };
      logs.set(page, log);
      page.on('console', (m) => log.console.push(`[${m.type()}] ${m.text()}`));
      page.on('pageerror', (e) => log.errors.push(e.message));
      return page;
    },
  };
}

/** Logs in through the real login form (password from this run's seed) and waits for the staff layout. */
export async function loginInBrowser(page: Page, username: string): Promise<void> {
  // The initial password is changed once through the API (the change-password page has its own test).
  const acc = await settlePassword(username);
  await page.goto('/login');
  await page.getByPlaceholder('请输入用户名').fill(username);
  await page.getByPlaceholder('请输入密码').fill(acc.password);
  await page.getByRole('button', { name: '登 录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.locator('.topbar .avatar').waitFor();
}

/** Waits until the page's socket.io connection said hello (the app logs “[实时通道] 已连接”). */
export async function waitForRealtime(page: Page, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (pageLog(page).console.some((l) => l.includes('[实时通道] 已连接'))) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`no realtime connection within ${timeoutMs} ms; console: ${pageLog(page).console.slice(-10).join(' | ')}`);
}

/** Marks the current document; `expectSameDocument` later proves the page was not reloaded or navigated away from. */
export async function markDocument(page: Page): Promise<string> {
  const mark = `doc-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await page.evaluate((m) => {
    (window as unknown as { __ddMark?: string }).__ddMark = m;
  }, mark);
  return mark;
}
export async function expectSameDocument(page: Page, mark: string): Promise<void> {
  const now = await page.evaluate(() => (window as unknown as { __ddMark?: string }).__ddMark ?? null);
  expect(now, 'the page was reloaded').to.equal(mark);
}

/** No uncaught exception in the page. */
export function expectNoPageErrors(page: Page): void {
  expect(pageLog(page).errors, 'uncaught errors in the page').to.deep.equal([]);
}

/**
 * A new synthetic 和平村 household for the browser tests: ID numbers from
 * sequence numbers 800 and up (the API tests' helper counts from 300).
 */
let seq = 800;
export function browserHousehold(headName: string) {
  const n = seq++;
  return {
    headName,
    headIdNumber: makeIdNumber('139901', '19680812', String(n).padStart(3, '0')),
    phone: `1990000${String(n).padStart(4, '0')}`,
    address: `和平村浏览器测试街 ${n} 号`,
  };
}

/** Picks an option of the Element Plus select inside the form item with this label. */
export async function pickOption(page: Page, label: string, option: string): Promise<void> {
  await page.locator('.el-form-item').filter({ hasText: label }).locator('.el-select').first().click();
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: option }).first().click();
}

/**
 * Fills 受理登记 for a new 和平村 household applying for 低保, from the menu:
 * every material handed in, or (`allDocuments: false`) none of them.
 */
export async function fillRegistrationForm(page: Page, household: ReturnType<typeof browserHousehold>, opts: { allDocuments?: boolean } = {}): Promise<void> {
  await page.getByRole('menuitem', { name: '受理登记' }).click();
  await page.waitForURL('**/register');
  await page.getByPlaceholder('如：王某某').fill(household.headName);
  await page.getByPlaceholder('18 位居民身份证号码').fill(household.headIdNumber);
  await page.getByPlaceholder('11 位手机号码').fill(household.phone);
  await pickOption(page, '所属村（社区）', '和平村');
  await page.getByPlaceholder('如：幸福镇和平村建设街 12 号').fill(household.address);
  await page.locator('.el-form-item').filter({ hasText: '家庭月收入（元）' }).locator('input').fill('0');
  await page.locator('.el-checkbox').filter({ hasText: '最低生活保障' }).click();
  if (opts.allDocuments !== false) await page.getByRole('button', { name: '全部已收齐' }).click();
  await page.getByPlaceholder(/请简要说明家庭困难情况/).fill('户主因病丧失劳动能力，家庭无稳定收入来源，生活困难');
}

/** Registers a 低保 application of a new 和平村 household through the API (when the form is not what a test is about). */
export async function registerByApi(clerk: HttpClient, headName: string): Promise<{ id: string; caseNo: string; processInstanceId: string }> {
  const h = browserHousehold(headName);
  const r = await clerk.post('/api/cases', {
    household: { ...h, villageCode: HEPING_VILLAGE, monthlyIncomeYuan: 0, members: [{ name: headName, idNumber: h.headIdNumber, relation: '本人' }] },
    assistanceTypes: ['dibao'],
    reason: '户主因病丧失劳动能力，家庭生活困难',
    documents: [...DOCUMENT_CODES],
  });
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  return r.body;
}

/** Ends a test's case (申请人撤回, by the window clerk) so it leaves no open steps behind; ignores a case already closed. */
export async function withdrawCase(clerk: HttpClient, caseId: string): Promise<void> {
  const r = await clerk.post(`/api/cases/${caseId}/withdraw`, { reason: '浏览器测试结束，申请人撤回' });
  if (r.status !== 200 && r.status !== 409) throw new Error(`withdraw ${caseId}: ${r.status} ${JSON.stringify(r.body)}`);
}
