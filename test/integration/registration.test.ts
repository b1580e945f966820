import { expect } from 'chai';
import { LOGIN_FAILED_MESSAGE } from '../../domain/services/auth.service.js';
import { AssistanceCase } from '../../domain/entities/assistance-case.entity.js';
import { Household } from '../../domain/entities/household.entity.js';
import { makeIdNumber } from '../../domain/idcard.js';
import { thePlatform } from '../support/global-fixture.js';
import { Browser, loginAs } from '../support/http.js';

async function counts() {
  const ds = thePlatform().ds;
  return { cases: await ds.getRepository(AssistanceCase).count(), households: await ds.getRepository(Household).count() };
}

describe('窗口受理登记 / 错误输入', () => {
  it('a malformed registration gets 400 with a code and a Chinese message, and creates nothing', async () => {
    const clerk = await loginAs('clerk');
    const before = await counts();
    const head = makeIdNumber('139901', '19650505', '201');
    const bad = [
      {
        body: {
          household: { headName: '冯演示', headIdNumber: '139901196505052019', address: '团结村演示街 3 号', villageCode: '139901100202', monthlyIncomeYuan: 100, members: [{ name: '冯演示', idNumber: head, relation: '本人' }] },
          assistanceTypes: ['dibao'],
          reason: '无劳动能力',
        },
        code: 'HOUSEHOLD_HEAD_ID_NUMBER_INVALID',
      },
      {
        body: {
          household: { headName: '冯演示', headIdNumber: head, address: '团结村演示街 3 号', villageCode: '139901100202', monthlyIncomeYuan: 100, members: [{ name: '冯演示', idNumber: head, relation: '本人' }] },
          assistanceTypes: [],
          reason: '无劳动能力',
        },
        code: 'ASSISTANCE_TYPES_INVALID',
      },
      {
        body: {
          household: { headName: '冯演示', headIdNumber: head, address: '团结村演示街 3 号', villageCode: '999999999999', monthlyIncomeYuan: 100, members: [{ name: '冯演示', idNumber: head, relation: '本人' }] },
          assistanceTypes: ['dibao'],
          reason: '无劳动能力',
        },
        code: 'HOUSEHOLD_VILLAGE_CODE_INVALID',
      },
      {
        body: {
          household: {
            headName: '冯演示',
            headIdNumber: head,
            address: '团结村演示街 3 号',
            villageCode: '139901100202',
            monthlyIncomeYuan: 100,
            members: [{ name: '冯小演', idNumber: makeIdNumber('139901', '20100101', '202'), relation: '子女' }],
          },
          assistanceTypes: ['dibao'],
          reason: '无劳动能力',
        },
        code: 'HOUSEHOLD_MEMBERS_INVALID',
      },
      { body: { householdId: "1' OR '1'='1", assistanceTypes: ['dibao'], reason: '无劳动能力' }, code: 'HOUSEHOLD_ID_INVALID' },
    ];
    for (const { body, code } of bad) {
      const r = await clerk.post('/api/cases', body);
      expect(r.status, code).to.equal(400);
      expect(r.body.code).to.equal(code);
      expect(r.body.message).to.match(/[\u4e00-\u9fa5]/u);
    }
    const notJson = await clerk.request('POST', '/api/cases', undefined, '{"household": ');
    expect(notJson.status).to.equal(400);
    expect(notJson.body.code).to.equal('BODY_MALFORMED');
    expect(await counts()).to.deep.equal(before);
  });

  it('only a logged-in window clerk may register', async () => {
    expect((await new Browser().post('/api/cases', {})).status).to.equal(401);
    const handler = await loginAs('handler_civil');
    const r = await handler.post('/api/cases', {});
    expect(r.status).to.equal(403);
    expect(r.body.code).to.equal('ROLE_FORBIDDEN');
  });

  it('a wrong password is refused without saying which part was wrong', async () => {
    const r = await new Browser().post('/api/auth/login', { username: 'clerk', password: 'not-the-password' });
    expect(r.status).to.equal(401);
    expect(r.body).to.deep.equal({ code: 'LOGIN_FAILED', message: LOGIN_FAILED_MESSAGE });
  });
});
