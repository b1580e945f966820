/**
 * Demo adapters for the demo county. They answer from the household's own
 * declaration and say so in every summary; a real county replaces them with
 * adapters for the provincial verification platform (same interface).
 *
 * So that the refusal paths can be shown, they find discrepancies for members
 * whose ID-number sequence code starts with a configured prefix
 * (DEMO_VERIFICATION_FINDINGS, by default income 97x, vehicle 99x,
 * property 98x, deposits 96x).
 */
import { loadConfig } from '../config.js';
import type { AssetKind, HouseholdSnapshot, SourceFinding, VerificationSource } from './source.js';

function birthYear(idNumber: string): number {
  return Number(idNumber.slice(6, 10));
}

export type DemoFinding = 'income' | AssetKind;

/** Parses `income:97,vehicle:99` (or `off`) into prefix rules. */
export function parseDemoFindings(spec: string): { kind: DemoFinding; prefix: string }[] {
  if (spec.trim() === 'off') return [];
  return spec
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
    .map((x) => {
      const [kind, prefix] = x.split(':') as [DemoFinding, string];
      if (!['income', 'vehicle', 'property', 'deposits'].includes(kind) || !/^\d{1,3}$/.test(prefix ?? '')) throw new Error(`DEMO_VERIFICATION_FINDINGS 格式不正确：${x}`);
      return { kind, prefix };
    });
}

let rules: { kind: DemoFinding; prefix: string }[] | undefined;

/** The members (names) for whom the demo data holds this discrepancy. */
function membersWith(h: HouseholdSnapshot, kind: DemoFinding): string[] {
  rules ??= parseDemoFindings(loadConfig().demoVerificationFindings);
  const prefixes = rules.filter((r) => r.kind === kind).map((r) => r.prefix);
  return h.members.filter((m) => prefixes.some((p) => m.idNumber.slice(14, 17).startsWith(p))).map((m) => m.name);
}

/** Undeclared wages the demo 人社 data holds per member with the income discrepancy, in fen. */
export const DEMO_UNDECLARED_WAGES_FEN = 200_000;

/** 人社: wages (the declared income, plus undeclared wages in the demo data) and pensions of members aged 60 or more (demo: none found). */
export const hrssSource: VerificationSource = {
  code: 'hrss',
  name: '人社（社保与就业）',
  async query(h: HouseholdSnapshot): Promise<SourceFinding> {
    const elderly = h.members.filter((m) => new Date().getFullYear() - birthYear(m.idNumber) >= 60).length;
    const earners = membersWith(h, 'income');
    const extra = earners.length * DEMO_UNDECLARED_WAGES_FEN;
    return {
      monthlyIncomeFen: h.declaredMonthlyIncomeFen + extra,
      summary:
        `【演示数据】工资性收入按申报 ${(h.declaredMonthlyIncomeFen / 100).toFixed(2)} 元/月` +
        (earners.length ? `，另查到 ${earners.join('、')} 有未申报的工资性收入 ${(extra / 100).toFixed(2)} 元/月` : '') +
        `；60 周岁以上成员 ${elderly} 人，未查到养老金领取记录`,
      flags: earners.length ? [`查到未申报的工资性收入 ${(extra / 100).toFixed(2)} 元/月`] : [],
      assets: [],
    };
  },
};

/** An asset source: finds the asset for the members the demo data gives it to. */
function assetSource(code: string, name: string, kind: AssetKind, none: string, found: (names: string) => string): VerificationSource {
  return {
    code,
    name,
    async query(h: HouseholdSnapshot): Promise<SourceFinding> {
      const owners = membersWith(h, kind);
      if (!owners.length) return { monthlyIncomeFen: 0, summary: `【演示数据】${none}`, flags: [], assets: [] };
      const text = found(owners.join('、'));
      return { monthlyIncomeFen: 0, summary: `【演示数据】${text}`, flags: [text], assets: [kind] };
    },
  };
}

/** 住建: real estate registered to members. */
export const housingSource = assetSource('housing', '住建（不动产）', 'property', '家庭成员名下未查到商品房登记', (n) => `${n} 名下另有商品房 1 套`);

/** 市场监管: business registrations of members. */
export const marketSource: VerificationSource = {
  code: 'market',
  name: '市场监管（工商登记）',
  async query(): Promise<SourceFinding> {
    return { monthlyIncomeFen: 0, summary: '【演示数据】家庭成员未查到个体工商户或企业登记', flags: [], assets: [] };
  },
};

/** 公安: motor vehicles registered to members. */
export const policeSource = assetSource('police', '公安（机动车辆）', 'vehicle', '家庭成员名下未查到机动车辆', (n) => `${n} 名下有小型汽车 1 辆`);

/** 银行: deposits and financial assets. */
export const bankSource = assetSource('bank', '银行（存款及金融资产）', 'deposits', '家庭成员存款及金融资产未超过规定标准', (n) => `${n} 存款及金融资产超过规定标准`);
