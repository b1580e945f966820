/**
 * Benchmark (not a test): how long the main pages of the web UI take to
 * become interactive in headless Chromium (playwright-core), cold and warm
 * cache, and the built bundle's size per chunk (gzip).
 *
 * For each page, in a fresh browser context (empty HTTP cache, the session
 * cookie set by logging in through the API first):
 *   content  = navigation start → the page's main content is in the DOM and
 *              visible (a selector per page, polled every animation frame)
 *   idle     = navigation start → the last network response before the
 *              network stayed quiet for 500 ms (Playwright's networkidle;
 *              the socket.io websocket does not count), from the
 *              Performance API (max responseEnd of navigation + resources)
 *   ready    = max(content, idle): the page shows its data and has nothing
 *              more to load — our time-to-interactive
 * Cold: the first visit in the context. Warm: the same context navigates to
 * about:blank and back (hashed assets come from the HTTP cache, the API is
 * asked again). Median of BENCH_RUNS runs (5).
 *
 * Run against a running platform with web/dist built:
 *   npm run build && BASE=http://127.0.0.1:3600 PASSWORDS=<data dir>/initial-passwords.txt node dist/bench/web-interactive.js
 * Accounts still on their initial password get a new one at the first run, kept in
 * `<PASSWORDS>.bench` for the next runs.
 * The platform needs some work in it (a task in village_heping's 待办, a step in its 已办, a case the clerk registered).
 * BENCH_SIZES_ONLY=1 prints only the chunk sizes (no platform needed).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '../domain/config.js';
import { chromiumLaunchOptions } from '../scripts/chromium.js';

const BASE = process.env.BASE ?? 'http://127.0.0.1:3000';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Only the pages whose name contains this text (BENCH_ONLY=考核统计). */
const ONLY = process.env.BENCH_ONLY ?? '';
const passwordFile = process.env.PASSWORDS ?? path.join(REPO_ROOT, '.data', 'initial-passwords.txt');
/** Passwords this benchmark set (seeded accounts must change their initial one first); read before the initial file. */
const benchPasswordFile = `${passwordFile}.bench`;
function readPasswords(file: string): [string, string][] {
  return (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p.length >= 2 && /^[a-z_]+$/.test(p[0]!))
    .map((p) => [p[0]!, p[1]!]);
}
const passwords: Record<string, string> = Object.fromEntries([...readPasswords(passwordFile), ...readPasswords(benchPasswordFile)]);
/** A session cookie per account, from its first login here. */
const sessions = new Map<string, string>();

/**
 * Logs the account in once and keeps the session. A seeded account still on its initial
 * password gets a new random one first (kept in `<PASSWORDS>.bench`, mode 0600, for later runs);
 * the password change keeps the session it was made in.
 */
async function sessionOf(user: string): Promise<string> {
  const known = sessions.get(user);
  if (known) return known;
  const r = await fetch(`${BASE}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: user, password: passwords[user] }) });
  if (!r.ok) throw new Error(`login ${user}: ${r.status} (PASSWORDS=${passwordFile}, ${benchPasswordFile})`);
  const cookie = r.headers.getSetCookie()[0]!.split(';')[0]!;
  if (((await r.json()) as { mustChangePassword?: boolean }).mustChangePassword) {
    const newPassword = `Bench${crypto.randomBytes(9).toString('base64url')}9`;
    const c = await fetch(`${BASE}/api/auth/password`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: JSON.stringify({ oldPassword: passwords[user], newPassword }) });
    if (!c.ok) throw new Error(`password change ${user}: ${c.status}`);
    passwords[user] = newPassword;
    const kept = readPasswords(benchPasswordFile).filter(([u]) => u !== user);
    fs.writeFileSync(benchPasswordFile, [...kept, [user, newPassword]].map((p) => p.join(' ')).join('\n') + '\n', { mode: 0o600 });
  }
  sessions.set(user, cookie);
  return cookie;
}

interface Target {
  name: string;
  user: string | null;
  path: () => Promise<string>;
  /** The page's main content: present and visible. */
  content: string;
}

async function apiAs(user: string): Promise<(p: string) => Promise<any>> {
  const cookie = await sessionOf(user);
  return async (p) => (await fetch(`${BASE}${p}`, { headers: { Cookie: cookie } })).json();
}

/** Navigates and measures; returns content, idle and ready in ms from navigation start. */
async function visit(page: Page, url: string, content: string): Promise<{ content: number; idle: number; ready: number; transferKB: number }> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel) as HTMLElement | null;
      return el && el.offsetParent !== null ? performance.now() : false;
    },
    content,
    { polling: 'raf', timeout: 30_000 },
  );
  const contentAt = (await handle.jsonValue()) as number;
  await page.waitForLoadState('networkidle');
  const { idle, transfer } = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    return {
      idle: Math.max(nav.responseEnd, nav.domContentLoadedEventEnd, ...res.map((r) => r.responseEnd)),
      transfer: nav.transferSize + res.reduce((a, r) => a + r.transferSize, 0),
    };
  });
  return { content: contentAt, idle, ready: Math.max(contentAt, idle), transferKB: transfer / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(browser: Browser, t: Target) {
  const cold: Awaited<ReturnType<typeof visit>>[] = [];
  const warm: Awaited<ReturnType<typeof visit>>[] = [];
  const url = BASE + (await t.path());
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    if (t.user) {
      await sessionOf(t.user); // the password is settled before the browser logs in
      const r = await ctx.request.post(`${BASE}/api/auth/login`, { data: { username: t.user, password: passwords[t.user] } });
      if (!r.ok()) throw new Error(`login ${t.user}: ${r.status()}`);
    }
    const page = await ctx.newPage();
    cold.push(await visit(page, url, t.content));
    await page.goto('about:blank');
    warm.push(await visit(page, url, t.content));
    await ctx.close();
  }
  const m = (xs: typeof cold, k: 'content' | 'idle' | 'ready' | 'transferKB') => Math.round(median(xs.map((x) => x[k])));
  return {
    name: t.name,
    cold: { content: m(cold, 'content'), idle: m(cold, 'idle'), ready: m(cold, 'ready'), kb: m(cold, 'transferKB') },
    warm: { content: m(warm, 'content'), idle: m(warm, 'idle'), ready: m(warm, 'ready'), kb: m(warm, 'transferKB') },
  };
}

function bundleSizes(): { file: string; raw: number; gzip: number }[] {
  const dir = path.join(REPO_ROOT, 'web', 'dist', 'assets');
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => {
      const buf = fs.readFileSync(path.join(dir, f));
      return { file: f, raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
    })
    .sort((a, b) => b.gzip - a.gzip);
}

async function main(): Promise<void> {
  if (process.env.BENCH_SIZES_ONLY === '1') return printSizes();
  const village = await apiAs('village_heping');
  const coordinator = await apiAs('coordinator');
  const targets: Target[] = [
    { name: '登录 /login', user: null, path: async () => '/login', content: 'input[placeholder="请输入用户名"]' },
    { name: '工作台 / (handler_civil)', user: 'handler_civil', path: async () => '/', content: '.stat-value' },
    { name: '待办 /tasks (village_heping)', user: 'village_heping', path: async () => '/tasks', content: '.el-table__row' },
    {
      name: '任务办理 /tasks/:id',
      user: 'village_heping',
      path: async () => `/tasks/${(await village('/api/tasks?pageSize=1')).items[0].taskId}`,
      content: '.layout .el-descriptions',
    },
    {
      name: '案卷 /cases/:id (with 流程跟踪图)',
      user: 'coordinator',
      path: async () => `/cases/${(await coordinator('/api/cases?pageSize=1')).items[0].id}`,
      content: '.djs-container svg .djs-element',
    },
    { name: '已办 /done (village_heping)', user: 'village_heping', path: async () => '/done', content: '.el-table__row' },
    { name: '我发起的 /initiated (clerk)', user: 'clerk', path: async () => '/initiated', content: '.el-table__row' },
    { name: '申请查询 /cases (clerk)', user: 'clerk', path: async () => '/cases', content: '.el-table__row' },
    { name: '流程监控 /monitor (coordinator)', user: 'coordinator', path: async () => '/monitor', content: '.djs-container svg .djs-element' },
    { name: '考核统计 /statistics (leader)', user: 'leader', path: async () => '/statistics', content: '.line-chart canvas' },
  ].filter((t) => !ONLY || t.name.includes(ONLY));
  const browser = await chromium.launch(await chromiumLaunchOptions());
  const rows = [];
  try {
    for (const t of targets) rows.push(await measure(browser, t));
  } finally {
    await browser.close();
  }
  console.log(
    `\nweb UI, ${RUNS} runs each, median ms from navigation start; ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log('| page | cold: content | cold: idle | cold: ready | cold: KB transferred | warm: content | warm: idle | warm: ready | warm: KB transferred |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.name} | ${r.cold.content} | ${r.cold.idle} | ${r.cold.ready} | ${r.cold.kb} | ${r.warm.content} | ${r.warm.idle} | ${r.warm.ready} | ${r.warm.kb} |`);
  printSizes();
}

function printSizes(): void {
  const sizes = bundleSizes();
  console.log('\n| chunk | size KB | gzip KB |');
  console.log('|---|---:|---:|');
  for (const s of sizes) console.log(`| ${s.file} | ${(s.raw / 1024).toFixed(1)} | ${(s.gzip / 1024).toFixed(1)} |`);
  const sum = (k: 'raw' | 'gzip', f: (s: { file: string }) => boolean) => (sizes.filter(f).reduce((a, s) => a + s[k], 0) / 1024).toFixed(1);
  console.log(`| all JS | ${sum('raw', (s) => s.file.endsWith('.js'))} | ${sum('gzip', (s) => s.file.endsWith('.js'))} |`);
  console.log(`| all CSS | ${sum('raw', (s) => s.file.endsWith('.css'))} | ${sum('gzip', (s) => s.file.endsWith('.css'))} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
