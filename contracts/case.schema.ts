/**
 * Request contracts (zod), shared by the server and the web app. Every message
 * is Chinese; the field path becomes the error code (household.headIdNumber →
 * HOUSEHOLD_HEAD_ID_NUMBER_INVALID).
 */
import { newPasswordProblem } from './passwords.js';
import { z } from 'zod';
import { isValidIdNumber } from './idcard.js';
import { BANK_CARD, CHINESE_NAME_CHARS, MOBILE } from './patterns.js';
import { ASSISTANCE_TYPES } from './assistance.js';
import { DOCUMENT_CODES } from './documents.js';
import { DISABILITY_LEVELS, DISASTER_CODES, EMPLOYMENT_CODES, POVERTY_CODES, SCHOOLING_STAGE_CODES, factsContradiction } from './household-facts.js';
import { ATTACHMENT_KINDS } from './kinds.js';
import type { DocumentCode } from './documents.js';

/** Codes of documents handed in at the window. */
export const documentsSchema = z
  .array(z.enum(DOCUMENT_CODES as [string, ...string[]], { error: '材料类型不在可选范围内' }), { error: '材料清单格式不正确' })
  .max(DOCUMENT_CODES.length, { error: '材料重复' })
  .refine((a) => new Set(a).size === a.length, { error: '材料重复' });

const chineseName = z.string({ error: '姓名必须填写' }).trim().min(2, { error: '姓名至少 2 个字' }).max(20, { error: '姓名不能超过 20 个字' }).regex(CHINESE_NAME_CHARS, { error: '姓名只能包含汉字和间隔号“·”' });

const idNumber = z.string({ error: '身份证号必须填写' }).trim().toUpperCase().refine(isValidIdNumber, { error: '身份证号格式或校验位不正确' });

/** Money in yuan with at most two decimals, converted to fen. */
const yuan = z
  .number({ error: '金额必须是数字' })
  .min(0, { error: '金额不能为负数' })
  .max(1_000_000, { error: '金额超出合理范围' })
  .refine((v) => Number.isInteger(Math.round(v * 100)) && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { error: '金额最多保留两位小数' });

/** 家庭情况 of one member: the fields the window records at registration and may correct later. */
const memberFactFields = {
  /** 残疾人证等级 1–4 (一级至四级); null when the member holds no certificate. */
  disabilityLevel: z
    .union(DISABILITY_LEVELS.map((l) => z.literal(l)) as unknown as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>], { error: '残疾等级只能是一级至四级' })
    .nullable()
    .default(null),
  schoolingStage: z.enum(SCHOOLING_STAGE_CODES, { error: '就学阶段不在可选范围内' }).default('none'),
  seriousIllness: z.boolean({ error: '是否患重特大疾病须为是或否' }).default(false),
  employment: z.enum(EMPLOYMENT_CODES, { error: '就业状况不在可选范围内' }).default('not_applicable'),
  povertyStatus: z.enum(POVERTY_CODES, { error: '建档立卡/监测情况不在可选范围内' }).default('none'),
};

/** 家庭成员 with their facts (家庭情况); facts contradicting the age in the ID number are refused. */
export const memberSchema = z
  .strictObject({
    name: chineseName,
    idNumber,
    relation: z.enum(['本人', '配偶', '子女', '父母', '兄弟姐妹', '祖父母', '孙子女', '其他'], { error: '与户主关系不在可选范围内' }),
    ...memberFactFields,
  })
  .superRefine((m, ctx) => {
    if (!isValidIdNumber(m.idNumber)) return;
    const c = factsContradiction(m.idNumber, m);
    if (c) ctx.addIssue({ code: 'custom', message: c.message, path: [c.field] });
  });

/**
 * 家庭情况变更 after registration: every member's facts (by member id) and the
 * household's disaster impact, with the reason for the change. Contradictions
 * with a member's age are checked by the service, which knows the ID numbers.
 */
export const householdFactsSchema = z.strictObject({
  disasterImpact: z.enum(DISASTER_CODES, { error: '受灾情况不在可选范围内' }),
  members: z
    .array(z.strictObject({ memberId: z.uuid({ error: '成员编号格式不正确' }), ...memberFactFields }), { error: '家庭成员情况必须填写' })
    .min(1, { error: '至少填写一名家庭成员的情况' })
    .max(20, { error: '家庭成员不能超过 20 人' }),
  reason: z.string({ error: '变更原因必须填写' }).trim().min(4, { error: '变更原因至少 4 个字' }).max(200, { error: '变更原因不能超过 200 个字' }),
});
export type HouseholdFactsInput = z.infer<typeof householdFactsSchema>;

export const newHouseholdSchema = z.strictObject({
  headName: chineseName,
  headIdNumber: idNumber,
  phone: z.string().trim().regex(MOBILE, { error: '手机号应为 11 位数字' }).optional(),
  address: z.string({ error: '住址必须填写' }).trim().min(4, { error: '住址至少 4 个字' }).max(100, { error: '住址不能超过 100 个字' }),
  /** 资金发放卡号 (bank or social-security payment card), optional. */
  bankCardNo: z
    .string()
    .trim()
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(z.string().regex(BANK_CARD, { error: '资金发放卡号应为 12–19 位数字' }))
    .optional(),
  villageCode: z.string({ error: '所属村（社区）必须选择' }).regex(/^\d{6,15}$/, { error: '所属村（社区）编码不正确' }),
  monthlyIncomeYuan: yuan,
  /** 受灾情况 of the household. */
  disasterImpact: z.enum(DISASTER_CODES, { error: '受灾情况不在可选范围内' }).default('none'),
  members: z.array(memberSchema, { error: '家庭成员必须填写' }).min(1, { error: '至少填写一名家庭成员（含户主本人）' }).max(20, { error: '家庭成员不能超过 20 人' }),
  /** 成员迁入: one person belongs to one household; members registered in another household move here only with this stated reason. */
  transferReason: z.string({ error: '迁入说明必须是文字' }).trim().min(4, { error: '迁入说明至少 4 个字' }).max(200, { error: '迁入说明不能超过 200 个字' }).optional(),
});

/** 窗口受理登记: either an existing household or a new one, one or more assistance types, the reason. */
export const registerCaseSchema = z
  .strictObject({
    householdId: z.uuid({ error: '家庭编号格式不正确' }).optional(),
    household: newHouseholdSchema.optional(),
    assistanceTypes: z
      .array(z.enum(ASSISTANCE_TYPES, { error: '救助类型不在可选范围内' }), { error: '请选择申请的救助类型' })
      .min(1, { error: '至少选择一种救助类型' })
      .max(ASSISTANCE_TYPES.length, { error: '救助类型重复' })
      .refine((a) => new Set(a).size === a.length, { error: '救助类型重复' }),
    reason: z.string({ error: '申请事由必须填写' }).trim().min(4, { error: '申请事由至少 4 个字' }).max(1000, { error: '申请事由不能超过 1000 个字' }),
    documents: documentsSchema.default([]),
  })
  .refine((b) => (b.householdId ? 1 : 0) + (b.household ? 1 : 0) === 1, { error: '请选择已登记的家庭，或填写新家庭信息（二选一）', path: ['household'] });
export type RegisterCaseInput = z.infer<typeof registerCaseSchema>;

/** 办理意见: the opinion every task form asks for. */
export const opinionField = z.string({ error: '办理意见必须填写' }).trim().min(2, { error: '办理意见至少 2 个字' }).max(2000, { error: '办理意见不能超过 2000 个字' });

/** 办理: the handler's decision with a mandatory opinion. */
export const completeTaskSchema = z.strictObject({
  approved: z.boolean({ error: '请选择办理结果（同意或不同意）' }),
  opinion: opinionField,
});
export type CompleteTaskInput = z.infer<typeof completeTaskSchema>;

/** 一次性告知并补正材料: the documents handed in now, or the applicant's withdrawal. */
export const supplementDocumentsSchema = z.strictObject({ documents: documentsSchema.default([]), withdrawn: z.boolean({ error: '请选择是否撤回' }).default(false), opinion: opinionField });

/** 入户调查: what the village worker found and whether they recommend assistance. */
export const homeVisitSchema = z.strictObject({
  findings: z.string({ error: '调查情况必须填写' }).trim().min(4, { error: '调查情况至少 4 个字' }).max(2000, { error: '调查情况不能超过 2000 个字' }),
  recommend: z.boolean({ error: '请选择是否建议给予救助' }),
});

/** 民主评议: participants and votes (passed with a majority of those present). */
export const democraticReviewSchema = z
  .strictObject({
    participants: z.number({ error: '参加人数必须是数字' }).int({ error: '参加人数必须是整数' }).min(3, { error: '民主评议至少 3 人参加' }).max(500, { error: '参加人数过多' }),
    votesFor: z.number({ error: '赞成票必须是数字' }).int({ error: '赞成票必须是整数' }).min(0, { error: '赞成票不能为负数' }),
    votesAgainst: z.number({ error: '反对票必须是数字' }).int({ error: '反对票必须是整数' }).min(0, { error: '反对票不能为负数' }),
    opinion: opinionField,
  })
  .refine((v) => v.votesFor + v.votesAgainst <= v.participants, { error: '赞成票与反对票之和不能超过参加人数', path: ['votesFor'] });

/** 异议核实: whether the objection is founded. */
export const reviewObjectionSchema = z.strictObject({ upheld: z.boolean({ error: '请选择异议是否成立' }), opinion: opinionField });

/** 转介办理, 后补材料和手续: the opinion alone. */
export const opinionFormSchema = z.strictObject({ opinion: opinionField });

export const loginSchema = z.strictObject({
  username: z.string({ error: '请输入用户名' }).trim().min(1, { error: '请输入用户名' }).max(64, { error: '用户名过长' }),
  password: z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }).max(256, { error: '密码过长' }),
});

/** 修改密码: at least 10 characters with letters and digits. */
export const changePasswordSchema = z.strictObject({
  oldPassword: z.string({ error: '请输入原密码' }).min(1, { error: '请输入原密码' }).max(256, { error: '密码过长' }),
  newPassword: z.string({ error: '请输入新密码' }).superRefine((p, ctx) => {
    const problem = newPasswordProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

export const listQuerySchema = z.strictObject({
  page: z.coerce.number({ error: '页码必须是数字' }).int({ error: '页码必须是整数' }).min(1, { error: '页码从 1 开始' }).max(10_000, { error: '页码过大' }).default(1),
  pageSize: z.coerce.number({ error: '每页条数必须是数字' }).int({ error: '每页条数必须是整数' }).min(1, { error: '每页至少 1 条' }).max(100, { error: '每页最多 100 条' }).default(20),
});

export const REVEAL_FIELDS = ['idNumber', 'phone', 'address', 'bankCardNo'] as const;
export type RevealField = (typeof REVEAL_FIELDS)[number];

export const REVEAL_FIELD_NAMES: Record<RevealField, string> = { idNumber: '身份证号', phone: '联系电话', address: '家庭住址', bankCardNo: '资金发放卡号' };

export const revealSchema = z.strictObject({
  field: z.enum(REVEAL_FIELDS, { error: '要查看的信息项不在可选范围内' }),
  /** For idNumber: the member whose number to reveal (the head when omitted). */
  memberId: z.uuid({ error: '家庭成员编号格式不正确' }).optional(),
  reason: z.string({ error: '查看事由必须填写' }).trim().min(4, { error: '查看事由至少 4 个字' }).max(200, { error: '查看事由不能超过 200 个字' }),
});

export const lookupSchema = z.strictObject({
  caseNo: z
    .string({ error: '受理编号必须填写' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}-\d{4}-\d{6}$/, { error: '受理编号格式应为 SA-2026-000001' }),
  code: z
    .string({ error: '查询码必须填写' })
    .trim()
    .toUpperCase()
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^[0-9A-Z]{8}$/, { error: '查询码为受理通知书上的 8 位字母和数字' })),
});

export const withdrawSchema = z.strictObject({
  reason: z.string({ error: '撤回原因必须填写' }).trim().min(2, { error: '撤回原因至少 2 个字' }).max(500, { error: '撤回原因不能超过 500 个字' }),
});

/** 按身份证号查找家庭: in the body, never in the URL (where proxies and browsers would keep it), with the reason. */
export const householdSearchSchema = z.strictObject({
  idNumber: z.string({ error: '请输入身份证号' }).trim().toUpperCase().refine(isValidIdNumber, { error: '身份证号格式或校验位不正确' }),
  reason: z.string({ error: '查询事由必须填写' }).trim().min(4, { error: '查询事由至少 4 个字' }).max(200, { error: '查询事由不能超过 200 个字' }),
});

export const temporaryCaseSchema = z
  .strictObject({
    householdId: z.uuid({ error: '家庭编号格式不正确' }).optional(),
    household: newHouseholdSchema.optional(),
    amountYuan: z
      .number({ error: '申请金额必须是数字' })
      .positive({ error: '申请金额必须大于 0' })
      .max(100_000, { error: '申请金额超出临时救助上限' })
      .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { error: '金额最多保留两位小数' }),
    emergency: z.boolean({ error: '请选择是否先行救助' }).default(false),
    reason: z.string({ error: '困难情况必须填写' }).trim().min(4, { error: '困难情况至少 4 个字' }).max(1000, { error: '困难情况不能超过 1000 个字' }),
  })
  .refine((b) => (b.householdId ? 1 : 0) + (b.household ? 1 : 0) === 1, { error: '请选择已登记的家庭，或填写新家庭信息（二选一）', path: ['household'] });

export const objectionSchema = z.strictObject({
  content: z.string({ error: '异议内容必须填写' }).trim().min(10, { error: '异议内容至少 10 个字，请写明事实和理由' }).max(2000, { error: '异议内容不能超过 2000 个字' }),
  contact: z.string({ error: '联系方式格式不正确' }).trim().max(64, { error: '联系方式不能超过 64 个字' }).optional(),
});

/** POST /api/cases/:id/attachments?kind=…&document=…&name=… (the file is the raw body). */
export const uploadQuerySchema = z.strictObject({
  kind: z.enum(ATTACHMENT_KINDS, { error: '附件类别只能是申请材料扫描件或入户调查照片' }),
  document: z.enum(DOCUMENT_CODES as unknown as [DocumentCode, ...DocumentCode[]], { error: '材料名称不在可选范围内' }).optional(),
  name: z
    .string({ error: '文件名格式不正确' })
    .trim()
    .min(1, { error: '文件名不能为空' })
    .max(120, { error: '文件名不能超过 120 个字' })
    .regex(/^[^/\\<>:"|?*]+$/u, { error: '文件名不能含 / \\ < > : " | ? *' }),
});
export type UploadQuery = z.infer<typeof uploadQuerySchema>;
