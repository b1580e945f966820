/**
 * 明白纸: a plain-language page per assistance kind for the public. What an
 * admin writes (who qualifies, where to apply, how to object, the hotline) is
 * joined with what the platform enforces: the documents the window asks for
 * (the per-kind list the documents decision is kept equal to), the time limit
 * of each step (the time-limit rules in force) and the standard in force.
 */
import { type DataSource, In } from 'typeorm';
import type { z } from 'zod';
import { ASSISTANCE_TYPES, ASSISTANCE_TYPE_NAMES, type AssistanceType } from '../entities/assistance-case.entity.js';
import { AppSetting } from '../entities/app-setting.entity.js';
import { DEFAULT_COUNTY, TimeLimitRuleRow } from '../entities/escalation.entity.js';
import { SettingsService } from './settings.service.js';

import { Unit } from '../entities/unit.entity.js';
import type { User } from '../entities/user.entity.js';
import { DOCUMENT_NAMES, requiredDocuments } from '../documents.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { parseOrThrow } from '../validation.js';
import { monthOf } from './payroll.service.js';
import { countyOf, standardInForce } from './standard.service.js';
import { policySheetSchema } from '../../contracts/admin.schema.js';
import { STANDARD_KIND_NAMES, type StandardKind } from '../../contracts/kinds.js';

export type PolicySheetText = z.infer<typeof policySheetSchema>;

const WINDOW = '户籍所在地乡镇人民政府（街道办事处）社会救助“一门受理”窗口，或县民政局社会救助服务大厅；行动不便的可请村（居）委会代为申请。';
const OBJECTION = '对审核、审批结果有异议的，可在收到书面通知之日起 60 日内向县人民政府申请行政复议，或在 6 个月内向人民法院提起行政诉讼；对公示对象有异议的，可在公示期内通过公示页面“提出异议”，民政部门逐条调查核实。';
/** What a county starts with before its admin edits the sheet. */
const DEFAULTS: Record<AssistanceType, Omit<PolicySheetText, 'hotline'>> = {
  dibao: { qualifies: '共同生活的家庭成员人均月收入低于当地最低生活保障标准，且家庭财产状况（存款、车辆、房产等）符合规定的，可以申请最低生活保障。', where: WINDOW, objection: OBJECTION },
  tekun: { qualifies: '无劳动能力、无生活来源，且无法定赡养、抚养、扶养义务人或者其法定义务人无履行义务能力的老年人、残疾人以及未满 16 周岁的未成年人，可以申请特困人员救助供养。', where: WINDOW, objection: OBJECTION },
  temporary: { qualifies: '因火灾、交通事故等意外事件，家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难的家庭或个人，可以申请临时救助；情况紧急的，可先行救助、后补手续。', where: WINDOW, objection: OBJECTION },
  medical: { qualifies: '最低生活保障家庭成员、特困供养人员，以及县人民政府规定的其他特殊困难人员，可以申请医疗救助。', where: WINDOW, objection: OBJECTION },
  education: { qualifies: '在义务教育、高中教育（含中职）、普通高等教育阶段就学的最低生活保障家庭成员、特困供养人员，以及不能入学接受义务教育的残疾儿童，可以申请教育救助。', where: WINDOW, objection: OBJECTION },
  housing: { qualifies: '符合规定标准的住房困难的最低生活保障家庭、分散供养的特困人员，可以申请住房救助（公共租赁住房、农村危房改造等）。', where: WINDOW, objection: OBJECTION },
  employment: { qualifies: '最低生活保障家庭中有劳动能力并处于失业状态的成员，可以申请就业救助（贷款贴息、社会保险补贴、岗位补贴、培训补贴、公益性岗位安置等）。', where: WINDOW, objection: OBJECTION },
  disability: { qualifies: '困难残疾人生活补贴：低保家庭中的残疾人；重度残疾人护理补贴：残疾等级为一级、二级且需要长期照护的重度残疾人。', where: WINDOW, objection: OBJECTION },
};
const DEFAULT_HOTLINE = '12345';

/** The steps whose time limits the sheet lists per kind (process key, task key), in the order the applicant meets them. */
const STEPS: Record<'regular' | 'temporary' | 'referral', [string, string][]> = {
  regular: [
    ['social-assistance-application', 'Task_SupplementDocuments'],
    ['social-assistance-application', 'Task_HomeVisit'],
    ['social-assistance-application', 'Task_DemocraticReview'],
    ['social-assistance-application', 'Task_ReviewObjection'],
    ['social-assistance-application', 'Task_CountyApproval'],
  ],
  temporary: [
    ['temporary-assistance', 'Task_TownshipApproval'],
    ['temporary-assistance', 'Task_CountyTemporaryApproval'],
    ['temporary-assistance', 'Task_CompleteFile'],
  ],
  referral: [
    ['social-assistance-application', 'Task_SupplementDocuments'],
    ['social-assistance-application', 'Task_Referral'],
  ],
};
const stepsOf = (kind: AssistanceType) => (kind === 'dibao' || kind === 'tekun' ? STEPS.regular : kind === 'temporary' ? STEPS.temporary : STEPS.referral);
const UNIT_NAMES: Record<string, string> = { workday: '个工作日', hour: '个工作小时', day: '天' };
/** 公示期 in words: days, or hours/minutes for a shortened (demo) period. */
const durationText = (seconds: number) => (seconds >= 86400 ? `${Math.round(seconds / 86400)} 天` : seconds >= 3600 ? `${Math.round(seconds / 3600)} 小时` : `${Math.max(1, Math.round(seconds / 60))} 分钟`);
const key = (countyCode: string, kind: AssistanceType) => `policy-sheet.${countyCode}.${kind}`;

export class PolicySheetService {
  constructor(
    private readonly ds: DataSource,
    private readonly cfg: { publicNoticeSeconds: number; temporaryTownshipLimitFen: number },
  ) {}

  /** The county a public page is for: the one asked for, else the installation's first county. */
  async publicCounty(countyCode?: string): Promise<Unit> {
    const c = countyCode ? await this.ds.getRepository(Unit).findOneBy({ code: countyCode, level: 'county' }) : await this.ds.getRepository(Unit).findOne({ where: { level: 'county' }, order: { code: 'ASC' } });
    if (!c) throw new NotFoundError('COUNTY_NOT_FOUND', '该县不存在');
    return c;
  }

  /** The list of kinds, for the index page and the 公示 page's links. */
  async index(countyCode?: string) {
    const c = await this.publicCounty(countyCode);
    return { countyCode: c.code, countyName: c.name, kinds: ASSISTANCE_TYPES.map((k) => ({ kind: k, name: ASSISTANCE_TYPE_NAMES[k] })) };
  }

  /** One 明白纸 as the public reads it. */
  async sheet(kindParam: string, countyCode?: string, now = new Date()) {
    const kind = ASSISTANCE_TYPES.find((k) => k === kindParam);
    if (!kind) throw new NotFoundError('POLICY_SHEET_NOT_FOUND', '没有这一类救助的明白纸');
    const county = await this.publicCounty(countyCode);
    const row = await this.ds.getRepository(AppSetting).findOneBy({ key: key(county.code, kind) });
    const edited = row?.value as PolicySheetText | undefined;
    // The time limits in force in this county: its own rules where it set them, else the installation defaults.
    const rules = await this.ds.getRepository(TimeLimitRuleRow).find({ where: { countyCode: In([county.code, DEFAULT_COUNTY]) } });
    const ruleOf = (processKey: string, taskKey: string) => {
      const of = rules.filter((r) => r.processKey === processKey && r.taskKey === taskKey);
      return of.find((r) => r.countyCode === county.code) ?? of[0];
    };
    const steps = stepsOf(kind)
      .map(([processKey, taskKey]) => ruleOf(processKey, taskKey))
      .filter((r): r is TimeLimitRuleRow => !!r)
      .map((r) => ({ step: r.stepName, limit: `${r.amount} ${UNIT_NAMES[r.unit] ?? r.unit}` }));
    if (kind === 'dibao' || kind === 'tekun') steps.splice(3, 0, { step: '张榜公示（接受群众监督）', limit: durationText(this.cfg.publicNoticeSeconds) });
    return {
      kind,
      name: ASSISTANCE_TYPE_NAMES[kind],
      countyCode: county.code,
      countyName: county.name,
      ...(edited ?? { ...DEFAULTS[kind], hotline: DEFAULT_HOTLINE }),
      documents: requiredDocuments([kind]).map((d) => DOCUMENT_NAMES[d]),
      steps,
      standards: await this.standards(county.code, kind, monthOf(now)),
      updatedBy: row?.updatedBy ?? null,
      updatedAt: row?.updatedAt ?? null,
    };
  }

  /** The amounts in force this month that concern the kind, in words. */
  private async standards(countyCode: string, kind: AssistanceType, month: string): Promise<string[]> {
    const of = async (kinds: StandardKind[]) => {
      const out: string[] = [];
      for (const k of kinds) {
        const s = await standardInForce(this.ds.manager, countyCode, k, month);
        if (s) out.push(`${STANDARD_KIND_NAMES[k]}：每人每月 ${(s.amountFen / 100).toFixed(2)} 元（${s.effectiveMonth} 起执行）`);
      }
      return out;
    };
    if (kind === 'dibao') return of(['dibao_urban', 'dibao_rural']);
    if (kind === 'tekun') return of(['tekun_basic', 'tekun_care_full', 'tekun_care_partial', 'tekun_care_self']);
    if (kind === 'temporary') {
      const limit = await new SettingsService(this.ds, this.cfg).townshipLimitFen(countyCode);
      return [`${(limit / 100).toFixed(0)} 元以下由乡镇审批，超过的报县民政局审批；情况紧急的可先行救助`];
    }
    return [];
  }

  /** 编辑: an admin of the county replaces the sheet's texts (each change is in the audit log). */
  async save(user: User, kindParam: string, body: unknown) {
    if (user.role !== 'admin') throw new ForbiddenError('ROLE_FORBIDDEN', '只有系统管理员可以编辑明白纸');
    const kind = ASSISTANCE_TYPES.find((k) => k === kindParam);
    if (!kind) throw new NotFoundError('POLICY_SHEET_NOT_FOUND', '没有这一类救助的明白纸');
    const input = parseOrThrow(policySheetSchema, body, '明白纸');
    const county = await countyOf(this.ds.manager, user.unitCode).catch(() => {
      throw new ForbiddenError('POLICY_SHEET_FORBIDDEN', '您的账号不属于任何县');
    });
    await this.ds.getRepository(AppSetting).upsert({ key: key(county.code, kind), value: input, updatedBy: user.displayName, updatedAt: new Date() }, ['key']);
    return this.sheet(kind, county.code);
  }
}
