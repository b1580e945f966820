/**
 * Demo adapters for the demo county. They answer from the household's own
 * declaration and say so in every summary; a real county replaces them with
 * adapters for the provincial verification platform (same interface).
 */
import type { HouseholdSnapshot, SourceFinding, VerificationSource } from './source.js';

function birthYear(idNumber: string): number {
  return Number(idNumber.slice(6, 10));
}

/** 人社: wages (the declared income) and pensions of members aged 60 or more (demo: none found). */
export const hrssSource: VerificationSource = {
  code: 'hrss',
  name: '人社（社保与就业）',
  async query(h: HouseholdSnapshot): Promise<SourceFinding> {
    const elderly = h.members.filter((m) => new Date().getFullYear() - birthYear(m.idNumber) >= 60).length;
    return {
      monthlyIncomeFen: h.declaredMonthlyIncomeFen,
      summary: `【演示数据】工资性收入按申报 ${(h.declaredMonthlyIncomeFen / 100).toFixed(2)} 元/月；60 周岁以上成员 ${elderly} 人，未查到养老金领取记录`,
      flags: [],
    };
  },
};

/** 住建: real estate registered to members. */
export const housingSource: VerificationSource = {
  code: 'housing',
  name: '住建（不动产）',
  async query(): Promise<SourceFinding> {
    return { monthlyIncomeFen: 0, summary: '【演示数据】家庭成员名下未查到商品房登记', flags: [] };
  },
};

/** 市场监管: business registrations of members. */
export const marketSource: VerificationSource = {
  code: 'market',
  name: '市场监管（工商登记）',
  async query(): Promise<SourceFinding> {
    return { monthlyIncomeFen: 0, summary: '【演示数据】家庭成员未查到个体工商户或企业登记', flags: [] };
  },
};

/** 公安: motor vehicles registered to members. */
export const policeSource: VerificationSource = {
  code: 'police',
  name: '公安（机动车辆）',
  async query(): Promise<SourceFinding> {
    return { monthlyIncomeFen: 0, summary: '【演示数据】家庭成员名下未查到机动车辆', flags: [] };
  },
};

/** 银行: deposits and financial assets. */
export const bankSource: VerificationSource = {
  code: 'bank',
  name: '银行（存款及金融资产）',
  async query(): Promise<SourceFinding> {
    return { monthlyIncomeFen: 0, summary: '【演示数据】家庭成员存款及金融资产未超过规定标准', flags: [] };
  },
};
