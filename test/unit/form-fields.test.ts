/**
 * contracts/form-fields.ts: what the web's forms read from the server's
 * request schemas (limits for `maxlength`, the server's message for a value).
 */
import { expect } from 'chai';
import { z } from 'zod';
import { createCountySchema, createUserSchema, policySheetSchema, ruleSchema, updateDepartmentSchema } from '../../contracts/admin.schema.js';
import { campaignStartDaySchema } from '../../contracts/campaign.schema.js';
import {
  changePasswordSchema,
  completeTaskSchema,
  democraticReviewSchema,
  householdFactsSchema,
  loginSchema,
  lookupSchema,
  newHouseholdSchema,
  objectionSchema,
  registerCaseSchema,
  temporaryCaseSchema,
} from '../../contracts/case.schema.js';
import { raiseConferenceSchema } from '../../contracts/conference.schema.js';
import { crossFieldProblem, fieldProblem, innerField, isRequiredField, lengthLimits, maxLengthOf, numberLimits, patternMaxLength, stepLimits } from '../../contracts/form-fields.js';
import { groupMemberSchema, priceFigureSchema, priceSettingsSchema } from '../../contracts/price.schema.js';
import { surveySchema } from '../../contracts/campaign.schema.js';
import { standardSchema } from '../../contracts/money.schema.js';
import { copySchema } from '../../contracts/task.schema.js';
import { BANK_CARD, CHINESE_NAME, MOBILE, USERNAME } from '../../contracts/patterns.js';

describe('表单规则取自服务端的请求约定 (contracts/form-fields.ts)', () => {
  it('reads the length limits of a text field, through optional, default and pipe wrappers', () => {
    expect(lengthLimits(completeTaskSchema.shape.opinion)).to.deep.equal({ min: 2, max: 2000 });
    expect(lengthLimits(newHouseholdSchema.shape.address)).to.deep.equal({ min: 4, max: 100 });
    expect(lengthLimits(newHouseholdSchema.shape.transferReason)).to.deep.equal({ min: 4, max: 200 }); // optional
    expect(lengthLimits(objectionSchema.shape.contact)).to.deep.equal({ max: 64 }); // optional, no minimum
    expect(lengthLimits(raiseConferenceSchema.shape.background)).to.deep.equal({ min: 10, max: 5000 }); // textField()
    expect(lengthLimits(z.string().length(6))).to.deep.equal({ min: 6, max: 6 });
    expect(maxLengthOf(householdFactsSchema.shape.reason)).to.equal(200);
    expect(maxLengthOf(z.string().max(30).default(''))).to.equal(30);
    expect(innerField(newHouseholdSchema.shape.bankCardNo)).to.not.equal(newHouseholdSchema.shape.bankCardNo);
    // a pipe's input side: the card may be typed with spaces, the digits are checked after the transform
    expect(maxLengthOf(newHouseholdSchema.shape.bankCardNo)).to.equal(undefined);
    expect(maxLengthOf(z.string())).to.equal(undefined);
  });

  it('reads an array field’s item count like a length', () => {
    expect(lengthLimits(raiseConferenceSchema.shape.departments)).to.deep.equal({ min: 1, max: 20 });
    expect(lengthLimits(copySchema.shape.toUsernames)).to.deep.equal({ min: 1, max: 20 });
  });

  it('bounds a field with no length check by its anchored pattern', () => {
    expect(patternMaxLength(/^\d{6}$/)).to.equal(6);
    expect(patternMaxLength(USERNAME)).to.equal(32);
    expect(patternMaxLength(MOBILE)).to.equal(11);
    expect(patternMaxLength(BANK_CARD)).to.equal(19);
    expect(patternMaxLength(CHINESE_NAME)).to.equal(20);
    expect(patternMaxLength(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)).to.equal(5);
    expect(patternMaxLength(/^(?:ab|c)x?$/)).to.equal(3);
    expect(patternMaxLength(/^[0-9\-（）() ]{5,40}$/)).to.equal(40);
    // unbounded or not understood: no limit rather than a wrong one
    expect(patternMaxLength(/^[\u4e00-\u9fa5·]+$/u)).to.equal(undefined);
    expect(patternMaxLength(/^a.*$/)).to.equal(undefined);
    expect(patternMaxLength(/\d{6}/)).to.equal(undefined);
    expect(patternMaxLength(/^\p{L}{2}$/u)).to.equal(undefined);
    // the schemas' fields
    expect(maxLengthOf(createCountySchema.shape.code)).to.equal(6);
    expect(maxLengthOf(createCountySchema.shape.townships.element.shape.code)).to.equal(9);
    expect(maxLengthOf(createUserSchema.shape.username)).to.equal(32);
    expect(maxLengthOf(newHouseholdSchema.shape.phone)).to.equal(11);
    expect(maxLengthOf(policySheetSchema.shape.hotline)).to.equal(40);
    expect(maxLengthOf(campaignStartDaySchema.shape.day)).to.equal(5);
    expect(maxLengthOf(groupMemberSchema.shape.bankCardNo)).to.equal(19);
    expect(maxLengthOf(priceSettingsSchema.shape.groups.unwrap().element.shape.code)).to.equal(24);
    // a length check wins over the pattern
    expect(
      maxLengthOf(
        z
          .string()
          .max(8)
          .regex(/^\d{6,12}$/),
      ),
    ).to.equal(8);
  });

  it('reads the inclusive bounds of a number field, leaving exclusive ones out', () => {
    expect(numberLimits(ruleSchema.shape.amount)).to.deep.equal({ min: 1, max: 365 });
    expect(numberLimits(ruleSchema.shape.graceAmount)).to.deep.equal({ min: 0, max: 365 });
    expect(numberLimits(newHouseholdSchema.shape.monthlyIncomeYuan)).to.deep.equal({ min: 0, max: 1_000_000 });
    expect(numberLimits(z.number().positive().max(10))).to.deep.equal({ max: 10 });
  });

  it('moves an exclusive bound inside by the input’s step: a positive yuan amount starts at one fen', () => {
    expect(stepLimits(temporaryCaseSchema.shape.amountYuan, 0.01)).to.deep.equal({ min: 0.01, max: 100_000 });
    expect(stepLimits(standardSchema.shape.amountYuan, 0.01)).to.deep.equal({ min: 0.01, max: 100_000 });
    expect(stepLimits(surveySchema.shape.items.element.shape.amountYuan, 0.01)).to.deep.equal({ min: 0.01, max: 20_000 });
    expect(stepLimits(priceSettingsSchema.shape.amountYuanPerPerson, 0.01)).to.deep.equal({ min: 0.01, max: 1000 });
    // Inclusive bounds stay as they are.
    expect(stepLimits(newHouseholdSchema.shape.monthlyIncomeYuan, 0.01)).to.deep.equal({ min: 0, max: 1_000_000 });
    expect(stepLimits(priceFigureSchema.shape.cpiYoy, 0.01)).to.deep.equal({ min: -20, max: 30 });
    // The step's decimals: no 99.99000000000001, no 0.30000000000000004.
    expect(stepLimits(z.number().gt(0.2).lt(100), 0.01)).to.deep.equal({ min: 0.21, max: 99.99 });
    expect(stepLimits(z.number().gt(0.2), 0.1)).to.deep.equal({ min: 0.3 });
    expect(stepLimits(z.number().int().positive().lt(10), 1)).to.deep.equal({ min: 1, max: 9 });
    // The tighter of an inclusive and an exclusive bound.
    expect(stepLimits(z.number().min(5).positive(), 0.01)).to.deep.equal({ min: 5 });
  });

  it('reports a check across fields at its field, leaving the field’s own problems to its rule', () => {
    const votes = { participants: 5, votesFor: 4, votesAgainst: 2, opinion: '' };
    expect(crossFieldProblem(democraticReviewSchema, votes, 'votesFor')).to.equal('赞成票与反对票之和不能超过参加人数');
    expect(crossFieldProblem(democraticReviewSchema, { ...votes, votesAgainst: 1 }, 'votesFor')).to.equal(null);
    expect(crossFieldProblem(democraticReviewSchema, votes, 'votesAgainst')).to.equal(null);
    const withOwn = z.strictObject({ a: z.number().refine((v) => v !== 7, { error: '不能是 7' }), b: z.number() }).refine((v) => v.a < v.b, { error: 'a 应小于 b', path: ['a'] });
    expect(crossFieldProblem(withOwn, { a: 7, b: 9 }, 'a')).to.equal(null);
    expect(crossFieldProblem(withOwn, { a: 7, b: 3 }, 'a')).to.equal('a 应小于 b');
  });

  it('answers a typed value with the message the server gives for it', () => {
    const reason = registerCaseSchema.shape.reason;
    expect(fieldProblem(reason, '看病')).to.equal('申请事由至少 4 个字');
    expect(fieldProblem(reason, '  看病  ')).to.equal('申请事由至少 4 个字'); // trimmed like the server
    expect(fieldProblem(reason, '家'.repeat(1001))).to.equal('申请事由不能超过 1000 个字');
    expect(fieldProblem(reason, '户主因病丧失劳动能力')).to.equal(null);
    expect(fieldProblem(newHouseholdSchema.shape.headName, '王a')).to.equal('姓名只能包含汉字和间隔号“·”');
    expect(fieldProblem(newHouseholdSchema.shape.bankCardNo, '6217 0000 1234 5678')).to.equal(null);
    expect(fieldProblem(newHouseholdSchema.shape.bankCardNo, '6217')).to.equal('资金发放卡号应为 12–19 位数字');
    expect(fieldProblem(lookupSchema.shape.code, '7kq4-m2xd')).to.equal(null);
    expect(fieldProblem(changePasswordSchema.shape.newPassword, 'abc')).to.equal('新密码至少 10 位');
    expect(fieldProblem(ruleSchema.shape.amount, 1.5)).to.equal('办理时限必须是整数');
    expect(fieldProblem(ruleSchema.shape.amount, 366)).to.equal('办理时限过长');
    expect(fieldProblem(raiseConferenceSchema.shape.departments, [])).to.equal('至少选择一个参会部门');
  });

  it('takes a blank field as a missing one: a required field says so, an optional one passes', () => {
    expect(fieldProblem(registerCaseSchema.shape.reason, '')).to.equal('申请事由必须填写');
    expect(fieldProblem(registerCaseSchema.shape.reason, '   ')).to.equal('申请事由必须填写');
    expect(fieldProblem(loginSchema.shape.username, '')).to.equal('请输入用户名');
    expect(fieldProblem(raiseConferenceSchema.shape.title, null)).to.equal('议题名称必须填写');
    expect(fieldProblem(ruleSchema.shape.amount, Number.NaN)).to.equal('办理时限必须是数字');
    expect(fieldProblem(updateDepartmentSchema.shape.name.unwrap(), '')).to.equal('部门名称必须填写');
    expect(fieldProblem(objectionSchema.shape.contact, '')).to.equal(null);
    expect(fieldProblem(newHouseholdSchema.shape.phone, ' ')).to.equal(null);
    expect(isRequiredField(registerCaseSchema.shape.reason)).to.equal(true);
    expect(isRequiredField(objectionSchema.shape.contact)).to.equal(false);
  });
});
