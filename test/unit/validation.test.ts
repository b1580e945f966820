import { expect } from 'chai';
import { registerCaseSchema } from '../../contracts/case.schema.js';
import type { BadRequestError } from '../../domain/errors.js';
import { makeIdNumber } from '../../domain/idcard.js';
import { parseOrThrow } from '../../domain/validation.js';

function errorOf(body: unknown): BadRequestError {
  try {
    parseOrThrow(registerCaseSchema, body, '受理登记信息');
  } catch (err) {
    return err as BadRequestError;
  }
  throw new Error('expected a validation error');
}

const head = makeIdNumber('139901', '19700101', '101');
const valid = {
  household: {
    headName: '韩演示',
    headIdNumber: head,
    address: '和平村演示街 9 号',
    villageCode: '139901100201',
    monthlyIncomeYuan: 200,
    members: [{ name: '韩演示', idNumber: head, relation: '本人' }],
  },
  assistanceTypes: ['dibao'],
  reason: '家庭主要劳动力因病丧失劳动能力',
};

describe('受理登记 / 输入校验', () => {
  it('accepts a complete registration', () => {
    expect(parseOrThrow(registerCaseSchema, valid).assistanceTypes).to.deep.equal(['dibao']);
  });

  it('names the first failing field in the code and explains it in Chinese', () => {
    const e = errorOf({ ...valid, household: { ...valid.household, headIdNumber: '130102198001011234' } });
    expect(e.status).to.equal(400);
    expect(e.code).to.equal('HOUSEHOLD_HEAD_ID_NUMBER_INVALID');
    expect(e.message).to.match(/身份证号/);
  });

  it('refuses unknown assistance types, unknown fields, and both or neither household choice', () => {
    expect(errorOf({ ...valid, assistanceTypes: ['lottery'] }).code).to.equal('ASSISTANCE_TYPES_INVALID');
    expect(errorOf({ ...valid, admin: true }).message).to.match(/未知字段/);
    expect(errorOf({ ...valid, householdId: '6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f' }).code).to.equal('HOUSEHOLD_INVALID');
    expect(errorOf({ assistanceTypes: ['dibao'], reason: '因病致贫' }).message).to.match(/二选一/);
  });

  it('refuses money with more than two decimals and negative income', () => {
    expect(errorOf({ ...valid, household: { ...valid.household, monthlyIncomeYuan: 1.234 } }).code).to.equal('HOUSEHOLD_MONTHLY_INCOME_YUAN_INVALID');
    expect(errorOf({ ...valid, household: { ...valid.household, monthlyIncomeYuan: -1 } }).message).to.match(/负数/);
  });
});
