import { expect } from 'chai';
import { io } from 'socket.io-client';
import { DOCUMENT_CODES } from '../../domain/documents.js';
import { AuditEntry } from '../../domain/entities/audit-entry.entity.js';
import { Alert } from '../../domain/entities/escalation.entity.js';
import { ALERT_CHANNEL } from '../../domain/services/alert.service.js';
import { makeIdNumber, maskIdNumber } from '../../domain/idcard.js';
import { PiiCipher, configurePii, parseKeyring, pii } from '../../domain/crypto/pii.js';
import { rekeyPii } from '../../domain/crypto/rekey.js';
import { piiKeySpecs } from '../../runtime/secrets.js';
import crypto from 'node:crypto';
import { thePlatform } from '../support/global-fixture.js';
import { Browser, loginAs, waitFor } from '../support/http.js';
import { listen } from '../support/realtime.js';
import { taskOf } from '../support/application.js';
import { withdrawCase } from '../support/browser.js';

const HEPING = '139901100201';
let seq = 600;

/** A household with every kind of personal data, its values unique to this file. */
function household(name = '蒋演示') {
  const n = seq++;
  const head = makeIdNumber('139901', '19650606', String(n).padStart(3, '0'));
  const child = makeIdNumber('139901', '20090909', String(n).padStart(3, '0'));
  return {
    headName: name,
    headIdNumber: head,
    phone: `138123${String(n).padStart(5, '0')}`,
    address: `和平村安全测试街 ${n} 号`,
    bankCardNo: `62170000${String(n).padStart(8, '0')}`,
    villageCode: HEPING,
    monthlyIncomeYuan: 100,
    members: [
      { name, idNumber: head, relation: '本人' },
      { name: '蒋小演', idNumber: child, relation: '子女' },
    ],
  };
}

function application(h: ReturnType<typeof household>, reason = '户主因病丧失劳动能力，家庭生活困难') {
  return { household: h, assistanceTypes: ['dibao'], reason, documents: [...DOCUMENT_CODES] };
}

/** Every text-like column of the app schema. */
async function textColumns(): Promise<{ table: string; column: string }[]> {
  const rows = (await thePlatform().ds.query(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
       AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb') OR c.data_type = 'ARRAY')`,
  )) as { table_name: string; column_name: string }[];
  return rows.map((r) => ({ table: r.table_name, column: r.column_name }));
}

/** Where a value occurs in clear text in the app schema ("table.column"). */
async function occurrences(value: string): Promise<string[]> {
  const hits: string[] = [];
  for (const { table, column } of await textColumns()) {
    const [{ n }] = (await thePlatform().ds.query(`SELECT count(*)::int AS n FROM "${table}" WHERE "${column}"::text LIKE '%' || $1 || '%'`, [value])) as { n: number }[];
    if (n > 0) hits.push(`${table}.${column}`);
  }
  return hits;
}

async function auditOf(action: string, sinceId: string): Promise<AuditEntry[]> {
  return thePlatform().ds.getRepository(AuditEntry).createQueryBuilder('a').where('a.action = :action AND a.id > :id', { action, id: sinceId }).orderBy('a.id', 'ASC').getMany();
}

async function lastAuditId(): Promise<string> {
  const [{ max }] = (await thePlatform().ds.query('SELECT coalesce(max(id), 0)::text AS max FROM audit_entry')) as { max: string }[];
  return max;
}

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['household', 'household_member', 'assistance_case', 'case_event', 'app_user']) {
    const [{ n }] = (await thePlatform().ds.query(`SELECT count(*)::int AS n FROM "${t}"`)) as { n: number }[];
    out[t] = n;
  }
  return out;
}

describe('安全 / 个人信息加密、查看授权、强制改密、实时通道与引擎隔离、注入', function () {
  this.timeout(120_000);

  let clerk: Browser;
  let h: ReturnType<typeof household>;
  let c: { id: string; caseNo: string; processInstanceId: string };

  const opened: string[] = [];
  after(async () => {
    // withdrawn, so that their time limits raise no alerts into later tests
    for (const id of opened) await withdrawCase(clerk, id);
  });

  before(async () => {
    clerk = await loginAs('clerk');
    h = household();
    const r = await clerk.post('/api/cases', application(h));
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    c = r.body;
    opened.push(c.id);
    // Let the workers run the checks, verification and classification: the case reaches the home visit.
    await taskOf(await loginAs('village_heping'), c.id, 'Task_HomeVisit', 60_000);
  });

  it('the database holds no plain-text ID number, phone, card number or address of a registered household', async () => {
    for (const secret of [h.headIdNumber, h.members[1]!.idNumber, h.phone, h.bankCardNo, h.address]) {
      expect(await occurrences(secret), `clear text of ${secret}`).to.deep.equal([]);
    }
    // what is stored is ciphertext with its key id, and a blind index finds the household
    const [row] = (await thePlatform().ds.query(`SELECT head_id_enc, phone_enc, bank_card_enc FROM household h JOIN assistance_case c ON c.household_id = h.id WHERE c.id = $1`, [c.id])) as any[];
    for (const v of Object.values(row)) expect(v).to.match(/^pii1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
    const found = await clerk.post('/api/households/search', { idNumber: h.members[1]!.idNumber, reason: '受理前核对家庭' });
    expect(found.status).to.equal(200);
    expect(found.body.map((x: any) => x.headIdNumber)).to.deep.equal([maskIdNumber(h.headIdNumber)]);
    // a second registration of the same head is found by the blind index and refused
    const dup = await clerk.post('/api/cases', application({ ...household(), headIdNumber: h.headIdNumber, members: [{ name: '蒋演示', idNumber: h.headIdNumber, relation: '本人' }] }));
    expect(dup.status).to.equal(400);
    expect(dup.body.code).to.equal('HOUSEHOLD_DUPLICATE');
    // the case file answers masked values
    const file = (await clerk.get(`/api/cases/${c.id}`)).body;
    expect(file.household.headIdNumber).to.equal(maskIdNumber(h.headIdNumber));
    expect(file.household.phone).to.equal(`${h.phone.slice(0, 3)}****${h.phone.slice(-4)}`);
    expect(file.household.bankCardNo).to.equal(`${h.bankCardNo.slice(0, 4)} **** **** ${h.bankCardNo.slice(-4)}`);
    expect(file.household.address).to.not.equal(h.address);
    expect(file.household.address).to.contain('****');
    expect(JSON.stringify(file)).to.not.contain(h.headIdNumber).and.not.contain(h.phone).and.not.contain(h.bankCardNo);
  });

  it('key rotation: a new current key re-encrypts the stored values, which still read back', async () => {
    const ds = thePlatform().ds;
    const spec = piiKeySpecs(thePlatform().cfg);
    const oldId = pii().currentKeyId;
    const [{ household_id: hid }] = (await ds.query('SELECT household_id FROM assistance_case WHERE id = $1', [c.id])) as { household_id: string }[];
    const stored = async () => (await ds.query('SELECT head_id_enc, head_id_hash FROM household WHERE id = $1', [hid]))[0] as { head_id_enc: string; head_id_hash: string };
    const before = await stored();
    // Only this household is re-encrypted (the worker process keeps the old keyring); the server gets the new one in front.
    const rotKey = crypto.randomBytes(32).toString('base64');
    const rotated = configurePii(parseKeyring(`rot1:${rotKey},${spec.piiKeys}`, spec.piiIndexKey));
    try {
      expect(await rekeyPii(ds, rotated, [hid])).to.deep.equal({ households: 1, members: 2 });
      const after = await stored();
      expect(rotated.keyIdOf(after.head_id_enc)).to.equal('rot1');
      expect(after.head_id_enc).to.not.equal(before.head_id_enc);
      expect(after.head_id_hash).to.equal(before.head_id_hash);
      expect((await clerk.post(`/api/cases/${c.id}/reveal`, { field: 'bankCardNo', reason: '密钥轮换后核对' })).body.value).to.equal(h.bankCardNo);
      expect((await clerk.post('/api/households/search', { idNumber: h.headIdNumber, reason: '密钥轮换后核对' })).body).to.have.length(1);
    } finally {
      // back to the platform's keyring, the household with it (the worker process only knows the original key)
      await rekeyPii(ds, new PiiCipher(parseKeyring(`${spec.piiKeys},rot1:${rotKey}`, spec.piiIndexKey)), [hid]);
      configurePii(parseKeyring(spec.piiKeys, spec.piiIndexKey));
    }
    expect(pii().keyIdOf((await stored()).head_id_enc)).to.equal(oldId);
  });

  it('the engine holds no personal data in the variables of the case', async () => {
    const { engineEnv } = thePlatform();
    const auth = 'Basic ' + Buffer.from(`${engineEnv.ENGINE_USER}:${engineEnv.ENGINE_PASSWORD}`).toString('base64');
    const res = await fetch(`${engineEnv.ENGINE_URL}/history/variable-instance?processInstanceId=${c.processInstanceId}&deserializeValues=false`, { headers: { Authorization: auth } });
    expect(res.status).to.equal(200);
    const vars = (await res.json()) as { name: string; value: unknown }[];
    expect(vars.map((v) => v.name)).to.include('caseId');
    const text = JSON.stringify(vars);
    for (const secret of [h.headIdNumber, h.members[1]!.idNumber, h.phone, h.bankCardNo, h.address, h.headName, h.members[1]!.name]) {
      expect(text, `engine variables contain ${secret}`).to.not.contain(secret);
    }
  });

  it('revealing a full value needs the permission and a reason; every attempt is audited', async () => {
    const since = await lastAuditId();
    const action = 'POST /api/cases/:id/reveal';
    const reason = '核对申请人身份信息';
    // refused: another department, the read-only coordinator, the village worker for an ID number, no reason
    const finance = await loginAs('handler_finance');
    const refused = await finance.post(`/api/cases/${c.id}/reveal`, { field: 'idNumber', reason });
    expect(refused.status).to.equal(403);
    expect(refused.body.code).to.equal('REVEAL_FORBIDDEN');
    expect(JSON.stringify(refused.body)).to.not.contain(h.headIdNumber);
    expect((await (await loginAs('coordinator')).post(`/api/cases/${c.id}/reveal`, { field: 'phone', reason })).status).to.equal(403);
    const village = await loginAs('village_heping');
    expect((await village.post(`/api/cases/${c.id}/reveal`, { field: 'idNumber', reason })).status).to.equal(403);
    const noReason = await clerk.post(`/api/cases/${c.id}/reveal`, { field: 'idNumber' });
    expect(noReason.status).to.equal(400);
    expect(noReason.body.code).to.equal('REASON_INVALID');

    // allowed: the clerk who registered it (head and member), civil affairs, the village worker for the address, an admin with a reason
    const head = await clerk.post(`/api/cases/${c.id}/reveal`, { field: 'idNumber', reason });
    expect(head.status, JSON.stringify(head.body)).to.equal(200);
    expect(head.body.value).to.equal(h.headIdNumber);
    const file = (await clerk.get(`/api/cases/${c.id}`)).body;
    const child = file.household.members.find((m: any) => m.relation === '子女');
    expect((await clerk.post(`/api/cases/${c.id}/reveal`, { field: 'idNumber', memberId: child.id, reason })).body.value).to.equal(h.members[1]!.idNumber);
    expect((await (await loginAs('handler_civil')).post(`/api/cases/${c.id}/reveal`, { field: 'bankCardNo', reason: '核对资金发放账户' })).body.value).to.equal(h.bankCardNo);
    expect((await village.post(`/api/cases/${c.id}/reveal`, { field: 'address', reason: '入户调查' })).body.value).to.equal(h.address);
    const admin = await loginAs('admin');
    expect((await admin.post(`/api/cases/${c.id}/reveal`, { field: 'phone', reason: '' })).status).to.equal(400);
    expect((await admin.post(`/api/cases/${c.id}/reveal`, { field: 'phone', reason: '群众来电投诉，核实联系电话' })).body.value).to.equal(h.phone);

    const entries = await auditOf(action, since);
    const summary = entries.map((e) => [e.username, e.status, e.code]);
    expect(summary).to.deep.equal([
      ['handler_finance', 403, 'REVEAL_FORBIDDEN'],
      ['coordinator', 403, 'REVEAL_FORBIDDEN'],
      ['village_heping', 403, 'REVEAL_FORBIDDEN'],
      ['clerk', 400, 'REASON_INVALID'],
      ['clerk', 200, null],
      ['clerk', 200, null],
      ['handler_civil', 200, null],
      ['village_heping', 200, null],
      ['admin', 400, 'REASON_INVALID'],
      ['admin', 200, null],
    ]);
    for (const e of entries) {
      expect(e.target).to.equal(c.caseNo);
      expect(e.role).to.be.a('string');
      expect(e.unitCode).to.be.a('string');
      expect(e.ip).to.be.a('string');
      expect(e.at).to.be.instanceOf(Date);
      // the audit says what and why, never the value
      for (const secret of [h.headIdNumber, h.members[1]!.idNumber, h.phone, h.bankCardNo, h.address]) expect(e.detail ?? '').to.not.contain(secret);
    }
    expect(JSON.parse(entries[0]!.detail!)).to.deep.equal({ field: 'idNumber', memberId: null, reason });
    expect(JSON.parse(entries[5]!.detail!)).to.deep.equal({ field: 'idNumber', memberId: child.id, reason });
    expect(entries[9]!.role).to.equal('admin');
    expect(JSON.parse(entries[9]!.detail!).reason).to.equal('群众来电投诉，核实联系电话');
  });

  it('another unit or department cannot read, claim or complete a task; nothing changes and each attempt, reads included, is audited', async () => {
    const since = await lastAuditId();
    const owner = await loginAs('village_heping');
    const t = await taskOf(owner, c.id, 'Task_HomeVisit');
    const body = { findings: '越权填写的调查结论', recommend: true };
    for (const name of ['village_tuanjie', 'handler_finance']) {
      const other = await loginAs(name);
      expect((await other.get(`/api/tasks/${t.taskId}`)).status, `${name} reads`).to.equal(403);
      for (const [path, b] of [
        [`/api/tasks/${t.taskId}/claim`, {}],
        [`/api/tasks/${t.taskId}/complete`, body],
      ] as const) {
        const r = await other.post(path, b);
        expect(r.status, `${name} ${path}`).to.equal(403);
        expect(r.body.code).to.equal('TASK_FORBIDDEN');
      }
    }
    // the task is still open, unclaimed, in the village worker's inbox; no home visit was written
    const mine = ((await owner.get('/api/tasks?pageSize=100')).body.items as any[]).find((x) => x.taskId === t.taskId);
    expect(mine.assignee).to.equal(null);
    const [{ n }] = (await thePlatform().ds.query('SELECT count(*)::int AS n FROM home_visit WHERE case_id = $1', [c.id])) as { n: number }[];
    expect(n).to.equal(0);
    const refused = (await thePlatform().ds.getRepository(AuditEntry).createQueryBuilder('a').where('a.id > :id AND a.code = :code', { id: since, code: 'TASK_FORBIDDEN' }).getMany()).map((e) => `${e.username} ${e.action} ${e.status}`);
    expect(refused).to.have.members([
      'village_tuanjie GET /api/tasks/:id 403',
      'handler_finance GET /api/tasks/:id 403',
      'village_tuanjie POST /api/tasks/:id/claim 403',
      'village_tuanjie POST /api/tasks/:id/complete 403',
      'handler_finance POST /api/tasks/:id/claim 403',
      'handler_finance POST /api/tasks/:id/complete 403',
    ]);
  });

  it('admins query and export the audit log; others may not; an export is itself audited', async () => {
    const admin = await loginAs('admin');
    const refused = await admin.get(`/api/admin/audit?action=reveal&outcome=refused&pageSize=100`);
    expect(refused.status).to.equal(200);
    const mine = (refused.body.items as any[]).filter((e) => e.target === c.caseNo);
    expect(mine.map((e) => e.username)).to.include.members(['handler_finance', 'coordinator']);
    for (const e of refused.body.items as any[]) expect(e.status).to.be.at.least(400);
    const byClerk = await admin.get('/api/admin/audit?username=clerk&action=reveal&outcome=ok');
    expect((byClerk.body.items as any[])[0].detail).to.have.property('reason');
    expect((await admin.get('/api/admin/audit?from=2026-13-01')).status).to.equal(400);
    expect((await admin.get('/api/admin/audit?from=2026-12-02&to=2026-12-01')).body.code).to.equal('DATE_RANGE_INVALID');
    for (const name of ['clerk', 'coordinator', 'leader']) expect((await (await loginAs(name)).get('/api/admin/audit')).status, name).to.equal(403);
    // each line names its action in Chinese beside the HTTP route (审计日志 reads 签收, not POST /api/tasks/:id/claim only)
    // (the refused claims of the test above are lines of this route; a fuzzed malformed path matches no route and keeps its raw path)
    const claims = ((await admin.get('/api/admin/audit?action=/claim&pageSize=100')).body.items as any[]).filter((e) => e.action === 'POST /api/tasks/:id/claim');
    expect(claims.length).to.be.greaterThan(0);
    for (const e of claims) expect(e.actionName).to.equal('签收');

    const res = await fetch(`${thePlatform().url}/api/admin/audit/export?action=reveal`, { headers: { Cookie: admin.sessionCookie } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]); // UTF-8 BOM, so Excel reads the Chinese
    const csv = bytes.toString('utf8');
    expect(csv.startsWith('\uFEFF时间（北京时间）,用户名,角色')).to.equal(true);
    expect(csv).to.contain(c.caseNo).and.to.contain('核对申请人身份信息');
    for (const secret of [h.headIdNumber, h.phone, h.bankCardNo]) expect(csv).to.not.contain(secret);
    const exported = (await admin.get('/api/admin/audit?action=audit/export')).body.items as any[];
    expect(exported[0].username).to.equal('admin');
    expect(exported[0].detail.export.action).to.equal('reveal');
  });

  it('a seeded account must change its initial password before using anything else', async () => {
    // An account no other test logs in as (loginAs settles an initial password for good; case-logic logs in every handler_<dept>).
    const acc = thePlatform().seededAccounts.find((a) => a.username === 'head_rural')!;
    const b = new Browser();
    const login = await b.post('/api/auth/login', { username: acc.username, password: acc.password });
    expect(login.status).to.equal(200);
    expect(login.body.mustChangePassword).to.equal(true);
    for (const [method, path] of [
      ['GET', '/api/tasks'],
      ['GET', '/api/cases'],
      ['GET', '/api/alerts'],
      ['POST', `/api/cases/${c.id}/reveal`],
    ] as const) {
      const r = await b.request(method, path, method === 'POST' ? { field: 'phone', reason: '核对联系电话' } : undefined);
      expect(r.status, `${method} ${path}`).to.equal(403);
      expect(r.body.code).to.equal('PASSWORD_CHANGE_REQUIRED');
    }
    expect((await b.get('/api/auth/me')).status).to.equal(200);
    // the realtime channel is refused as well
    const err = await new Promise<Error>((resolve) => {
      const s = io(thePlatform().url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { Cookie: b.sessionCookie }, reconnection: false });
      s.once('connect_error', (e) => {
        s.close();
        resolve(e);
      });
      s.once('connect', () => {
        s.close();
        resolve(new Error('connected'));
      });
    });
    expect(err.message).to.equal('PASSWORD_CHANGE_REQUIRED');
    const changed = await b.post('/api/auth/password', { oldPassword: acc.password, newPassword: 'RuralHead2026Changed' });
    expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
    acc.password = 'RuralHead2026Changed';
    expect((await b.get('/api/tasks')).status).to.equal(200);
    expect((await b.get('/api/auth/me')).body.mustChangePassword).to.equal(false);
  });

  it('a socket cannot join another department’s room, and does not receive its alerts', async () => {
    const finance = await listen(await loginAs('handler_finance'));
    const health = await listen(await loginAs('handler_health'));
    try {
      // whatever a client asks for, rooms come from the session only
      for (const ev of ['join', 'subscribe', 'room', 'rooms']) finance.socket.emit(ev, 'group:dept:139901:health');
      finance.socket.emit('join', ['group:dept:139901:health', 'head:139901:health', 'role:139901:leader']);
      finance.socket.emit('message', { type: 'join', room: 'group:dept:139901:health' });
      await new Promise((resolve) => setTimeout(resolve, 300)); // let the server see the requests (there is nothing to wait for)
      const inHealthRoom = (await thePlatform().io.in('group:dept:139901:health').fetchSockets()).map((s) => s.id);
      expect(inHealthRoom).to.include(health.socket.id).and.not.to.include(finance.socket.id);

      const ds = thePlatform().ds;
      const raise = async (rooms: string[], text: string) => {
        const r = await ds.getRepository(Alert).insert({
          level: 'manual',
          taskId: `sec-${text}`,
          taskName: '安全测试',
          processInstanceId: 'none',
          caseId: null,
          businessKey: null,
          departmentCode: null,
          rooms,
          message: text,
          dueAt: null,
          sentBy: null,
          dedupKey: `security-test-${text}-${Date.now()}`,
        });
        const id = String(r.identifiers[0]!.id);
        // synthetic alerts: kept out of the webhook outbox (webhook.test.ts sends the oldest 20 pending ones)
        await ds.query('UPDATE alert SET webhook_sent_at = now() WHERE id = $1', [id]);
        await ds.query('SELECT pg_notify($1, $2)', [ALERT_CHANNEL, id]);
        return id;
      };
      const forHealth = await raise(['group:dept:139901:health'], '卫健专用');
      await waitFor('health receives its alert', async () => health.alerts().some((a) => String(a.id) === forHealth));
      // alerts go out in order: once finance has its own later alert, the health one was not sent to it
      const forFinance = await raise(['group:dept:139901:finance'], '财政专用');
      await waitFor('finance receives its alert', async () => finance.alerts().some((a) => String(a.id) === forFinance));
      expect(finance.alerts().map((a) => String(a.id))).to.not.include(forHealth);
      expect(health.alerts().map((a) => String(a.id))).to.not.include(forFinance);
      // nor through the REST API
      const list = (await (await loginAs('handler_finance')).get('/api/alerts?pageSize=100')).body.items as any[];
      expect(list.map((a) => String(a.id)))
        .to.include(forFinance)
        .and.not.to.include(forHealth);
    } finally {
      finance.close();
      health.close();
    }
  });

  it('the engine REST API is not reachable with the browser’s session or the user’s password', async () => {
    const p = thePlatform();
    // through the server's port: no such route, with or without the session
    for (const path of ['/engine-rest/process-definition', '/engine-rest/history/variable-instance', '/api/engine-rest/process-definition']) {
      const r = await fetch(p.url + path, { headers: { Cookie: clerk.sessionCookie } });
      expect(r.status, path).to.equal(404);
      expect(await r.text()).to.not.contain('processDefinition');
    }
    // on the engine's own port (loopback only): the session cookie and the user's own password are refused
    expect(new URL(p.engineEnv.ENGINE_URL).hostname).to.equal('127.0.0.1');
    const acc = p.seededAccounts.find((a) => a.username === 'clerk')!;
    const byCookie = await fetch(`${p.engineEnv.ENGINE_URL}/process-definition`, { headers: { Cookie: clerk.sessionCookie } });
    expect(byCookie.status).to.equal(401);
    const byPassword = await fetch(`${p.engineEnv.ENGINE_URL}/process-definition`, { headers: { Authorization: 'Basic ' + Buffer.from(`clerk:${acc.password}`).toString('base64') } });
    expect(byPassword.status).to.equal(401);
    const asEngineUserWithUserPassword = await fetch(`${p.engineEnv.ENGINE_URL}/process-definition`, { headers: { Authorization: 'Basic ' + Buffer.from(`${p.engineEnv.ENGINE_USER}:${acc.password}`).toString('base64') } });
    expect(asEngineUserWithUserPassword.status).to.equal(401);
  });

  it('SQL and script in every text field of the registration form are refused or stored verbatim and inert', async () => {
    const SQL = "'); DROP TABLE household; --";
    const SCRIPT = '<script>alert(1)</script><img src=x onerror=alert(1)>';
    const payloads = [SQL, SCRIPT, "' OR '1'='1", `${SQL}${SCRIPT}`];
    type Body = ReturnType<typeof application> & { householdId?: string };
    const setters: [string, (b: Body, p: string) => void][] = [
      [
        'household.headName',
        (b, p) => {
          b.household.headName = p;
          b.household.members[0]!.name = p;
        },
      ],
      [
        'household.headIdNumber',
        (b, p) => {
          b.household.headIdNumber = p;
        },
      ],
      [
        'household.phone',
        (b, p) => {
          b.household.phone = p;
        },
      ],
      [
        'household.bankCardNo',
        (b, p) => {
          b.household.bankCardNo = p;
        },
      ],
      [
        'household.villageCode',
        (b, p) => {
          b.household.villageCode = p;
        },
      ],
      [
        'household.members.name',
        (b, p) => {
          b.household.members[1]!.name = p;
        },
      ],
      [
        'household.members.idNumber',
        (b, p) => {
          b.household.members[1]!.idNumber = p;
        },
      ],
      [
        'household.members.relation',
        (b, p) => {
          b.household.members[1]!.relation = p;
        },
      ],
      [
        'assistanceTypes',
        (b, p) => {
          b.assistanceTypes = [p];
        },
      ],
      [
        'documents',
        (b, p) => {
          (b as { documents: string[] }).documents = [p];
        },
      ],
      [
        'householdId',
        (b, p) => {
          b.householdId = p;
        },
      ],
    ];
    const before = await counts();
    for (const [field, set] of setters) {
      for (const p of payloads) {
        const body = application(household()) as Body;
        set(body, p);
        const r = await clerk.post('/api/cases', body);
        expect(r.status, `${field} ← ${p}: ${JSON.stringify(r.body)}`).to.equal(400);
        expect(r.body.code).to.match(/^[A-Z_]+$/);
        expect(r.body.message).to.match(/[\u4e00-\u9fa5]/);
      }
    }
    expect(await counts(), 'a refused registration changed nothing').to.deep.equal(before);

    // free-text fields (address, reason) are accepted and kept verbatim, as data
    const hh = household('韩演示');
    hh.address = `和平村${SQL}${SCRIPT}`.slice(0, 100);
    const reason = `家庭困难${SQL}${SCRIPT}`;
    const r = await clerk.post('/api/cases', application(hh, reason));
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    opened.push(r.body.id);
    const after = await counts();
    expect(after.household).to.equal(before.household + 1);
    expect(after.assistance_case).to.equal(before.assistance_case + 1);
    expect(after.app_user).to.equal(before.app_user);
    const file = (await clerk.get(`/api/cases/${r.body.id}`)).body;
    expect(file.reason).to.equal(reason);
    expect((await clerk.post(`/api/cases/${r.body.id}/reveal`, { field: 'address', reason: '核对住址' })).body.value).to.equal(hh.address);
    // JSON answers are data, never HTML
    const raw = await fetch(`${thePlatform().url}/api/cases/${r.body.id}`, { headers: { Cookie: clerk.sessionCookie } });
    expect(raw.headers.get('content-type')).to.match(/^application\/json/);
    expect(raw.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(raw.headers.get('content-security-policy')).to.contain("script-src 'self'");
  });
});
