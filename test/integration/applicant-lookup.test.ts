import { expect } from 'chai';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor } from '../support/http.js';
import { closedCase, newApplication, register } from '../support/application.js';
import { LOOKUP_LIMIT } from '../../domain/services/applicant-lookup.service.js';

let addressSeq = 1;
/** A citizen's browser at its own address (the server trusts X-Forwarded-For from loopback, TRUST_PROXY). */
function citizen() {
  const address = `198.51.100.${addressSeq++}`;
  return async (caseNo: string, code: string) => {
    const res = await fetch(`${thePlatform().url}/api/public/lookup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
      body: JSON.stringify({ caseNo, code }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
}

describe('求助有门 / 凭受理编号和查询码查询办理进度', () => {
  it('given a registration, the applicant sees the current step and its time limit with the code from the 受理通知书, and nothing personal beyond a masked name', async () => {
    const clerk = await loginAs('clerk');
    const app = newApplication({ incomeYuan: 200, types: ['dibao'] });
    const c = (await register(clerk, app)) as unknown as { id: string; caseNo: string; lookupCode: string };
    expect(c.lookupCode).to.match(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);

    const ask = citizen();
    // when the applicant asks (lower case and all: the code is read from paper)
    const r = await waitFor('a current step', async () => {
      const x = await ask(c.caseNo, c.lookupCode.toLowerCase());
      return x.status === 200 && x.body.stages.length ? x : undefined;
    });
    // then
    expect(r.body.caseNo).to.equal(c.caseNo);
    expect(r.body.applicant).to.equal('褚**');
    expect(r.body.statusName).to.equal('办理中');
    expect(r.body.assistanceTypeNames).to.deep.equal(['最低生活保障']);
    expect(r.body.stages[0].name).to.match(/[\u4e00-\u9fa5]/u);
    expect(r.body.stages[0].due, 'the step has a time limit').to.be.a('string');
    const text = JSON.stringify(r.body);
    for (const secret of [app.household.headName, app.household.headIdNumber, app.household.address, app.household.phone]) expect(text).not.to.contain(secret);

    // and the database keeps no clear code
    const [row] = await thePlatform().ds.query(`SELECT to_jsonb(c) AS j FROM assistance_case c WHERE id = $1`, [c.id]);
    expect(JSON.stringify(row.j)).not.to.contain(c.lookupCode.replace('-', ''));
    expect(JSON.stringify(row.j)).not.to.contain(c.lookupCode);
  });

  it('a wrong code and an unknown case number get the same answer (no oracle); a malformed one gets 400 in Chinese', async () => {
    const clerk = await loginAs('clerk');
    const c = (await register(clerk, newApplication({ incomeYuan: 200, types: ['dibao'] }))) as unknown as { caseNo: string; lookupCode: string };
    const ask = citizen();
    const wrongCode = await ask(c.caseNo, c.lookupCode === 'ABCD-EFGH' ? 'HGFE-DCBA' : 'ABCD-EFGH');
    const unknownCase = await ask('SA-1999-999999', c.lookupCode);
    expect(wrongCode.status).to.equal(404);
    expect(unknownCase).to.deep.equal(wrongCode);
    expect(wrongCode.body.code).to.equal('LOOKUP_NOT_FOUND');
    expect(wrongCode.body.message).to.match(/[\u4e00-\u9fa5]/u);
    const bad = await ask('SA-2026-1', 'x');
    expect(bad.status).to.equal(400);
    expect(bad.body.code).to.equal('CASE_NO_INVALID');
  });

  it(`after ${LOOKUP_LIMIT} attempts from one address the next is refused even with the right code; another address is not affected`, async () => {
    const clerk = await loginAs('clerk');
    const c = (await register(clerk, newApplication({ incomeYuan: 200, types: ['dibao'] }))) as unknown as { caseNo: string; lookupCode: string };
    const guesser = citizen();
    for (let i = 0; i < LOOKUP_LIMIT; i++) expect((await guesser(c.caseNo, `WRNG-C${String(i).padStart(3, '0')}`)).status).to.equal(404);
    const refused = await guesser(c.caseNo, c.lookupCode);
    expect(refused.status).to.equal(429);
    expect(refused.body.code).to.equal('LOOKUP_RATE_LIMITED');
    expect(refused.body.message).to.match(/分钟后再试/u);
    expect((await citizen()(c.caseNo, c.lookupCode)).status).to.equal(200);
  });

  it('重新出具受理通知书: only the registering window may, and the old code stops working', async () => {
    const clerk = await loginAs('clerk');
    const c = (await register(clerk, newApplication({ incomeYuan: 200, types: ['dibao'] }))) as unknown as { id: string; caseNo: string; lookupCode: string };
    for (const who of ['clerk_town', 'handler_civil', 'coordinator']) {
      const r = await (await loginAs(who)).post(`/api/cases/${c.id}/lookup-code`);
      expect(r.status, who).to.equal(403);
    }
    expect((await citizen()(c.caseNo, c.lookupCode)).status).to.equal(200);
    const again = await clerk.post(`/api/cases/${c.id}/lookup-code`);
    expect(again.status).to.equal(200);
    expect(again.body.lookupCode).not.to.equal(c.lookupCode);
    expect((await citizen()(c.caseNo, c.lookupCode)).status).to.equal(404);
    expect((await citizen()(c.caseNo, again.body.lookupCode)).status).to.equal(200);
  });

  it('once the case is closed the applicant sees the outcome', async () => {
    const clerk = await loginAs('clerk');
    const c = (await register(clerk, newApplication({ incomeYuan: 200, types: ['dibao'] }))) as unknown as { id: string; caseNo: string; lookupCode: string };
    expect((await clerk.post(`/api/cases/${c.id}/withdraw`, { reason: '申请人家庭情况好转，主动撤回' })).status).to.equal(200);
    await closedCase(clerk, c.id);
    const r = await citizen()(c.caseNo, c.lookupCode);
    expect(r.status).to.equal(200);
    expect(r.body.outcomeName).to.equal('申请撤回');
    expect(r.body.stages).to.deep.equal([]);
    expect(r.body.closedAt).to.be.a('string');
  });
});
