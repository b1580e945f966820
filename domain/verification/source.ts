/**
 * 家庭经济状况核对数据源: one adapter per department data source. The platform
 * queries every configured source in parallel (a multi-instance step in the
 * model) and merges the answers into a verification report.
 */

/** What a source is told about the household (ids only leave the app through adapters). */
export interface HouseholdSnapshot {
  householdId: string;
  unitCode: string;
  declaredMonthlyIncomeFen: number;
  members: { name: string; idNumber: string; relation: string }[];
}

/** Assets that bar 低保 under the eligibility decision (processes/dibao-eligibility.dmn). */
export type AssetKind = 'vehicle' | 'property' | 'deposits';

/** One source's answer. */
export interface SourceFinding {
  /** Monthly household income this source found, in fen (0 if none). */
  monthlyIncomeFen: number;
  /** Findings in plain Chinese. */
  summary: string;
  /** Findings that need the approver's attention. */
  flags: string[];
  /** Assets found that bar 低保. */
  assets: AssetKind[];
}

/** A pluggable data source adapter. */
export interface VerificationSource {
  code: string;
  /** Chinese name shown in the report. */
  name: string;
  query(h: HouseholdSnapshot): Promise<SourceFinding>;
}
