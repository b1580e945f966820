/**
 * 家庭情况: facts recorded at registration that decide which departments help
 * a household (the referral decision, processes/case-referrals.dmn) — per
 * member disability, schooling, serious illness, employment and the
 * 建档立卡/防返贫监测 flag; per household the disaster impact. Member facts are
 * personal data, stored encrypted; only yes/no flags reach the engine.
 */
import { beijingDateOf } from './beijing.js';

/** 残疾人证等级 一级 (most severe) to 四级. */
export const DISABILITY_LEVELS = [1, 2, 3, 4] as const;
export type DisabilityLevel = (typeof DISABILITY_LEVELS)[number];

/** 就学阶段 with the ages at which a child can plausibly be in it (full years). */
export const SCHOOLING_STAGES = {
  none: { name: '不在学', ages: [0, 200] },
  preschool: { name: '学前教育', ages: [2, 7] },
  primary: { name: '小学', ages: [5, 16] },
  junior: { name: '初中', ages: [10, 19] },
  senior: { name: '高中', ages: [13, 23] },
  vocational: { name: '中职', ages: [13, 30] },
  college: { name: '高等教育', ages: [15, 200] },
} as const;
export type SchoolingStage = keyof typeof SCHOOLING_STAGES;
export const SCHOOLING_STAGE_CODES = Object.keys(SCHOOLING_STAGES) as SchoolingStage[];

/** 就业状况; employed and unemployed apply to working age (16 to 60) only. */
export const EMPLOYMENT_STATUSES = { not_applicable: '非劳动年龄', employed: '就业', unemployed: '失业（劳动年龄内）', unable: '丧失劳动能力' } as const;
export type EmploymentStatus = keyof typeof EMPLOYMENT_STATUSES;
export const EMPLOYMENT_CODES = Object.keys(EMPLOYMENT_STATUSES) as EmploymentStatus[];
export const WORKING_AGE = [16, 60] as const;

/** 建档立卡/防返贫监测 status of a member. */
export const POVERTY_STATUSES = { none: '非建档立卡/监测', registered: '建档立卡脱贫人口', monitored: '防返贫监测对象' } as const;
export type PovertyStatus = keyof typeof POVERTY_STATUSES;
export const POVERTY_CODES = Object.keys(POVERTY_STATUSES) as PovertyStatus[];

/** 受灾情况 of the household. */
export const DISASTER_IMPACTS = { none: '未受灾', property_loss: '财产损失', house_damaged: '房屋受损', house_destroyed: '房屋倒塌' } as const;
export type DisasterImpact = keyof typeof DISASTER_IMPACTS;
export const DISASTER_CODES = Object.keys(DISASTER_IMPACTS) as DisasterImpact[];

/** One member's facts (stored encrypted as JSON). */
export interface MemberFacts {
  disabilityLevel: DisabilityLevel | null;
  schoolingStage: SchoolingStage;
  seriousIllness: boolean;
  employment: EmploymentStatus;
  povertyStatus: PovertyStatus;
}

export const NO_MEMBER_FACTS: MemberFacts = { disabilityLevel: null, schoolingStage: 'none', seriousIllness: false, employment: 'not_applicable', povertyStatus: 'none' };

/** Age in full years on a Beijing date (YYYY-MM-DD), from the birth date in an 18-digit ID number. */
export function ageOn(idNumber: string, today: string): number {
  const birth = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  const years = Number(today.slice(0, 4)) - Number(birth.slice(0, 4));
  return today.slice(5) >= birth.slice(5) ? years : years - 1;
}

/**
 * The first contradiction between a member's facts and their age, or null:
 * a 3-year-old in secondary school, an 8-year-old "unemployed".
 */
export function factsContradiction(idNumber: string, f: Pick<MemberFacts, 'schoolingStage' | 'employment'>, now = new Date()): { field: 'schoolingStage' | 'employment'; message: string } | null {
  const age = ageOn(idNumber, beijingDateOf(now));
  const stage = SCHOOLING_STAGES[f.schoolingStage];
  if (age < stage.ages[0] || age > stage.ages[1]) return { field: 'schoolingStage', message: `${age} 周岁的成员不可能在读${stage.name}，请核对就学阶段或身份证号` };
  const working = age >= WORKING_AGE[0] && age <= WORKING_AGE[1];
  if ((f.employment === 'employed' || f.employment === 'unemployed') && !working) {
    return { field: 'employment', message: `${age} 周岁不在劳动年龄（${WORKING_AGE[0]}–${WORKING_AGE[1]} 周岁）内，就业状况不能是“${EMPLOYMENT_STATUSES[f.employment]}”` };
  }
  return null;
}

/** The yes/no inputs of the referral decision: the only facts that reach the engine. */
export interface HouseholdFlags {
  disabledMember: boolean;
  pupilMember: boolean;
  seriousIllnessMember: boolean;
  unemployedMember: boolean;
  povertyMonitored: boolean;
  disasterAffected: boolean;
}

/** The household's referral flags from its members' facts and its disaster impact. */
export function householdFlags(members: readonly (MemberFacts | null)[], disasterImpact: DisasterImpact | null): HouseholdFlags {
  const fs = members.map((m) => m ?? NO_MEMBER_FACTS);
  return {
    disabledMember: fs.some((m) => m.disabilityLevel !== null),
    pupilMember: fs.some((m) => m.schoolingStage !== 'none' && m.schoolingStage !== 'preschool'),
    seriousIllnessMember: fs.some((m) => m.seriousIllness),
    unemployedMember: fs.some((m) => m.employment === 'unemployed'),
    povertyMonitored: fs.some((m) => m.povertyStatus !== 'none'),
    disasterAffected: disasterImpact !== null && disasterImpact !== 'none',
  };
}

/** 残疾人证等级 in words, by level (index 0 unused). */
export const DISABILITY_LEVEL_NAMES = ['', '一级', '二级', '三级', '四级'] as const;

/** A member's facts in plain Chinese, for the case file (empty when nothing special). */
export function describeFacts(f: MemberFacts | null): string[] {
  if (!f) return [];
  const out: string[] = [];
  if (f.disabilityLevel !== null) out.push(`残疾人证${DISABILITY_LEVEL_NAMES[f.disabilityLevel]}`);
  if (f.schoolingStage !== 'none') out.push(`在读${SCHOOLING_STAGES[f.schoolingStage].name}`);
  if (f.seriousIllness) out.push('患重特大疾病');
  if (f.employment !== 'not_applicable') out.push(EMPLOYMENT_STATUSES[f.employment]);
  if (f.povertyStatus !== 'none') out.push(POVERTY_STATUSES[f.povertyStatus]);
  return out;
}
