import { expect } from 'chai';
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { z } from 'zod';
import { ROLES, type Role } from '../../domain/entities/user.entity.js';
import { createApp } from '../../server/app.js';
import { controlCharacterAt } from '../../server/middleware/input.middleware.js';
import { OPERATIONS, servedRoutes, type Operation } from '../../server/openapi.js';
import { thePlatform } from '../support/global-fixture.js';
import { Browser, loginAs, waitFor } from '../support/http.js';
import { engineGet, hostileString, hostileValue, mutatedBody, NASTY_STRINGS, rawBody, type FuzzBody, type JsonSchema } from '../support/fuzz.js';
import { loginSchema } from '../../contracts/case.schema.js';
import { DOCUMENT_CODES } from '../../domain/documents.js';
import { bulkHousehold } from '../support/application.js';

/** Fixed so a failure can be replayed; FUZZ_SEED / FUZZ_RUNS override. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);

/** The account each role logs in with. */
const ACCOUNT: Record<Role, string> = { clerk: 'clerk', handler: 'handler_civil', head: 'head_civil', village: 'village_heping', coordinator: 'coordinator', leader: 'leader', admin: 'admin', sysadmin: 'sysadmin' };
/** Answers of the JSON body parser, which runs before auth and audit. */
const PARSER_CODES = ['BODY_MALFORMED', 'BODY_TOO_LARGE', 'BODY_UNSUPPORTED'];

/** Everything a refused request must leave as it was: rows people write, and the engine's instances and task assignments. */
async function snapshot(): Promise<Record<string, unknown>> {
  const { ds } = thePlatform();
  const [row] = (await ds.query(`SELECT
    (SELECT count(*) FROM assistance_case) AS cases,
    (SELECT count(*) FROM household) AS households,
    (SELECT count(*) FROM household_member) AS members,
    (SELECT count(*) FROM case_event WHERE actor_id IS NOT NULL) AS person_events,
    (SELECT count(*) FROM conference_matter) AS matters,
    (SELECT count(*) FROM conference_opinion) AS opinions,
    (SELECT count(*) FROM conference_event WHERE actor_id IS NOT NULL) AS conference_events,
    (SELECT count(*) FROM home_visit) AS home_visits,
    (SELECT count(*) FROM democratic_review) AS reviews,
    (SELECT count(*) FROM notice_objection) AS objections,
    (SELECT count(*) FROM task_copy) AS copies,
    (SELECT count(*) FROM alert WHERE sent_by IS NOT NULL) AS urges,
    (SELECT count(*) FROM alert_ack) AS acks,
    (SELECT count(*) FROM accountability_event WHERE actor_id IS NOT NULL) AS accountability_events,
    (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM time_limit_rule t) AS rules,
    (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.year), '')) FROM calendar_year t) AS calendar,
    (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM app_user t) AS users`)) as Record<string, unknown>[];
  const [instances, assigned, finished] = await Promise.all([
    engineGet<{ count: number }>('/history/process-instance/count'),
    engineGet<{ count: number }>('/task/count', { method: 'POST', body: { assigned: true } }),
    engineGet<{ count: number }>('/history/task/count?finished=true'),
  ]);
  return { ...row, engineInstances: instances.count, engineAssignedTasks: assigned.count, engineFinishedTasks: finished.count };
}

const maxAuditId = async (): Promise<number> => Number((await thePlatform().ds.query('SELECT coalesce(max(id), 0) AS m FROM audit_entry'))[0].m);
/** The last audit id once the lines of earlier requests (written when their answer has gone out) have landed: unchanged for 300 ms. */
async function settledAuditId(): Promise<number> {
  let last = await maxAuditId();
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 300));
    const now = await maxAuditId();
    if (now === last) return now;
    last = now;
  }
  return last;
}

/** A path segment as a client would send it; a lone surrogate goes out as its raw (invalid) UTF-8 bytes. */
function encodeSegment(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
}

interface FuzzRequest {
  path: string;
  query: string;
  body: FuzzBody;
}

/** Who calls an operation in the fuzz: a role that may, and one that may not. */
function callers(op: Operation): { who: Role | 'anonymous'; allowed: boolean }[] {
  if (op.access === 'public') return [{ who: 'anonymous', allowed: true }];
  // Acting on nothing but the session (全部已读): any call by a user is a valid one, so only the refused caller is fuzzed.
  if (op.changes && !op.body && !op.path.includes(':')) return [{ who: 'anonymous', allowed: false }];
  if (op.access === 'user')
    return [
      { who: 'clerk', allowed: true },
      { who: 'anonymous', allowed: false },
    ];
  const refused = ROLES.find((r) => !(op.access as Role[]).includes(r))!;
  return [
    { who: op.access[0]!, allowed: true },
    { who: refused, allowed: false },
  ];
}

describe('接口模糊测试 / 畸形与恶意输入：不出 5xx，被拒绝的请求不改变任何状态', function () {
  this.timeout(300_000);
  const users = new Map<Role | 'anonymous', Browser>();
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  let doc: any;
  /** Real ids, so hostile bodies reach the services behind the id checks. */
  const real: Record<string, string[]> = {};

  before(async () => {
    const p = thePlatform();
    users.set('anonymous', new Browser());
    for (const role of ROLES) users.set(role, await loginAs(ACCOUNT[role]));
    doc = (await new Browser().get('/api/openapi.json')).body;
    const clerk = users.get('clerk')!;
    const c = await clerk.post('/api/cases', { household: bulkHousehold('19770707', 1), assistanceTypes: ['dibao'], reason: '模糊测试用申请，测试结束后撤回', documents: [...DOCUMENT_CODES] });
    expect(c.status, JSON.stringify(c.body)).to.equal(201);
    const [task] = await waitFor(
      'home visit task',
      async () => {
        const t = await p.engine.queryTasks({ processInstanceId: c.body.processInstanceId, taskDefinitionKey: 'Task_HomeVisit' }, 0, 1);
        return t.length ? t : undefined;
      },
      60_000,
      300,
    );
    const rules = (await users.get('admin')!.get('/api/admin/time-limits')).body.items as { id: string }[];
    real.id = [c.body.id, task!.id, rules[0]!.id];
    real.taskId = [task!.id];
    real.year = ['2026'];
    real.key = ['social-assistance-application', 'joint-conference'];
    real.activityId = ['Task_HomeVisit'];
    real.village = ['139901100201'];
    real.township = ['139901100'];
    real.caseId = [c.body.id];
  });

  after(async () => {
    const clerk = users.get('clerk');
    if (real.caseId?.[0] && clerk) await clerk.post(`/api/cases/${real.caseId[0]}/withdraw`, { reason: '模糊测试结束，申请人撤回' });
  });

  it('the OpenAPI 3.1 description covers exactly the routes the server serves', async () => {
    expect(doc.openapi).to.equal('3.1.0');
    const described = OPERATIONS.map((o) => `${o.method.toUpperCase()} /api${o.path}`).sort();
    expect(servedRoutes(createApp(thePlatform().deps))).to.deep.equal(described);
    for (const op of OPERATIONS) expect(doc.paths['/api' + op.path.replace(/:(\w+)/g, '{$1}')][op.method], `${op.method} ${op.path}`).to.be.an('object');
  });

  for (const op of OPERATIONS) {
    for (const { who, allowed } of callers(op)) {
      const noBodyChange = op.changes && !op.body;
      it(`${op.method.toUpperCase()} /api${op.path} as ${who}${allowed ? '' : ' (not allowed)'}`, async () => {
        const user = users.get(who)!;
        const oas = doc.paths['/api' + op.path.replace(/:(\w+)/g, '{$1}')][op.method];
        const bodySchema = oas.requestBody?.content['application/json'].schema as JsonSchema | undefined;
        const params = [...op.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
        // State-changing operations without a body act on their id alone: those get hostile ids only.
        const hostileSegment = fc.oneof({ weight: 5, arbitrary: hostileString.map(encodeSegment) }, { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%ZZ', '..', '%ED%A0%80') });
        const param = (name: string) => (noBodyChange || !real[name] ? hostileSegment : fc.oneof(fc.constantFrom(...real[name]!), hostileSegment));
        const queryNames = ((oas.parameters ?? []) as { name: string; in: string }[]).filter((p) => p.in === 'query').map((p) => p.name);
        const queryArb = op.query
          ? fc.dictionary(fc.oneof(fc.constantFrom(...queryNames, 'x'), fc.string({ maxLength: 8 })), fc.oneof(hostileString, fc.constant(['1', '2']) as fc.Arbitrary<string | string[]>), { maxKeys: 3 })
          : fc.constant({} as Record<string, string | string[]>);
        // Bodies the route's own schema rejects, so a refusal is the only right answer.
        const schema = op.body as z.ZodType | undefined;
        const invalid = (b: FuzzBody) => b.kind !== 'json' || !schema || !schema.safeParse(b.value).success || controlCharacterAt(b.value) !== undefined;
        const bodyArb: fc.Arbitrary<FuzzBody> = fc
          .oneof(
            { weight: 4, arbitrary: bodySchema ? mutatedBody(bodySchema).map((value) => ({ kind: 'json' as const, value })) : fc.constant({ kind: 'none' as const }) },
            { weight: 2, arbitrary: hostileValue.map((value) => ({ kind: 'json' as const, value })) },
            { weight: 1, arbitrary: rawBody },
          )
          .filter(invalid);
        const requestArb: fc.Arbitrary<FuzzRequest> = fc.record({
          path: fc.tuple(...params.map(param)).map((vals) => `/api${params.reduce((path, name, i) => path.replace(`:${name}`, vals[i] as string), op.path)}`),
          query: queryArb.map((q) => {
            const u = new URLSearchParams();
            for (const [k, v] of Object.entries(q)) for (const one of [v].flat()) u.append(k, one);
            const s = u.toString();
            return s ? `?${s}` : '';
          }),
          body: op.method === 'get' ? fc.constant({ kind: 'none' as const }) : bodyArb,
        });

        // A success answer must fit the operation's described answer (the JSON Schema clients read).
        const okStatus = String(op.status);
        const answerSchema = oas.responses[okStatus]?.content?.['application/json']?.schema as object | undefined;
        const fitsAnswer = answerSchema && Object.keys(answerSchema).length ? ajv.compile(answerSchema) : undefined;
        const before = op.changes ? await snapshot() : undefined;
        const auditFrom = before ? await settledAuditId() : 0;
        const answers: { req: FuzzRequest; status: number; code?: string }[] = [];
        await fc.assert(
          fc.asyncProperty(requestArb, async (req) => {
            const headers: Record<string, string> = {};
            let payload: string | undefined;
            if (req.body.kind === 'json') {
              headers['Content-Type'] = 'application/json';
              payload = JSON.stringify(req.body.value) ?? 'null';
            } else if (req.body.kind === 'raw') {
              headers['Content-Type'] = req.body.contentType;
              payload = req.body.text;
            }
            if (user.sessionCookie) headers.Cookie = user.sessionCookie;
            const res = await fetch(thePlatform().url + req.path + req.query, { method: op.method.toUpperCase(), headers, body: payload });
            const text = await res.text();
            let body: any;
            try {
              body = JSON.parse(text);
            } catch {
              body = text.slice(0, 200);
            }
            answers.push({ req, status: res.status, code: body?.code });
            const what = `${op.method.toUpperCase()} ${req.path.slice(0, 200)}${req.query.slice(0, 200)} → ${res.status} ${text.slice(0, 300)}`;
            expect(res.status, what).to.be.lessThan(500);
            if ((!allowed || op.changes) && op.path !== '/auth/logout') expect(res.status, `refused: ${what}`).to.be.at.least(400);
            // (a path the URL parser normalised — `..`, `.` — reached another route: its answer is that route's)
            const reached = new URL(thePlatform().url + req.path).pathname === req.path;
            if (res.status < 300 && fitsAnswer && reached) expect(fitsAnswer(body), `${what}: ${JSON.stringify(fitsAnswer.errors?.[0])}`).to.equal(true);
            if (res.status >= 400) {
              expect(body?.code, what).to.match(/^[A-Z][A-Z0-9_]*$/);
              expect(body?.message, what).to.match(/[\u4e00-\u9fa5]/u);
            }
          }),
          { seed: SEED, numRuns: RUNS, endOnFailure: true },
        );

        if (before) {
          // nothing changed
          expect(await snapshot(), 'state after the refused requests').to.deep.equal(before);
          // and every refused request that reached the audit step was audited with its answer
          const refused = answers.filter((a) => a.status >= 400 && !PARSER_CODES.includes(a.code ?? ''));
          await waitFor(
            'audit entries',
            async () => {
              const [{ n }] = await thePlatform().ds.query('SELECT count(*)::int AS n FROM audit_entry WHERE id > $1 AND status >= 400', [auditFrom]);
              return n >= refused.length;
            },
            10_000,
            200,
          );
          const [{ n }] = await thePlatform().ds.query('SELECT count(*)::int AS n FROM audit_entry WHERE id > $1 AND status >= 400', [auditFrom]);
          expect(n, 'audit entries of refused requests').to.equal(refused.length);
        }
      });
    }
  }

  it('POST /api/auth/login with well-formed but hostile credentials (injection, unicode, binary): 401 each time, nothing changes', async () => {
    const before = await snapshot();
    const text = fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }));
    await fc.assert(
      fc.asyncProperty(fc.record({ username: text, password: text }), async (cred) => {
        fc.pre(loginSchema.safeParse(cred).success && controlCharacterAt(cred) === undefined);
        const r = await new Browser().post('/api/auth/login', cred);
        expect(r.status, JSON.stringify({ cred, body: r.body })).to.equal(401);
        expect(r.body.code).to.equal('LOGIN_FAILED');
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(await snapshot()).to.deep.equal(before);
  });
});
