/**
 * Kinds, classes and decisions named in requests and answers (standards, recipients, care levels,
 * 冬春救助 needs, reviews, accountability, attachments), with their Chinese names. The entities
 * store these codes; the request schemas and the web read them from here.
 */
import { LEDGER_KIND_NAMES, LEDGER_STATUS_NAMES } from './views.js';

/** Kinds of standard a county sets (救助标准类别). */
export const STANDARD_KINDS = ['dibao_urban', 'dibao_rural', 'tekun_basic', 'tekun_care_full', 'tekun_care_partial', 'tekun_care_self'] as const;
export type StandardKind = (typeof STANDARD_KINDS)[number];
export const STANDARD_KIND_NAMES: Record<StandardKind, string> = {
  dibao_urban: '城市低保',
  dibao_rural: '农村低保',
  tekun_basic: '特困供养基本生活',
  tekun_care_full: '特困照料护理（全护理）',
  tekun_care_partial: '特困照料护理（半护理）',
  tekun_care_self: '特困照料护理（生活自理）',
};

/** Kinds of recipient on the register (在保类别). */
export const RECIPIENT_KINDS = ['dibao_urban', 'dibao_rural', 'tekun'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];
export const RECIPIENT_KIND_NAMES: Record<RecipientKind | 'temporary' | 'price_subsidy', string> = { ...LEDGER_KIND_NAMES, price_subsidy: '价格临时补贴' };
export const CARE_LEVELS = ['full', 'partial', 'self'] as const;
export type CareLevel = (typeof CARE_LEVELS)[number];
export const CARE_LEVEL_NAMES: Record<CareLevel, string> = { full: '全护理', partial: '半护理', self: '生活自理' };

export type RecipientStatus = 'active' | 'suspended' | 'terminated';
export const RECIPIENT_STATUS_NAMES: Record<RecipientStatus, string> = { active: LEDGER_STATUS_NAMES.active, suspended: LEDGER_STATUS_NAMES.suspended, terminated: LEDGER_STATUS_NAMES.terminated };

/** Needs a 冬春救助 survey may list (policy §五). */
export const RELIEF_NEEDS = ['food', 'clothing', 'heating', 'housing_repair'] as const;
export type ReliefNeed = (typeof RELIEF_NEEDS)[number];
export const RELIEF_NEED_NAMES: Record<ReliefNeed, string> = { food: '口粮', clothing: '衣被', heating: '取暖', housing_repair: '住房修缮' };

/** Classes of household for the review frequency (核查分类). */
export const REVIEW_CLASSES = ['tekun', 'stable', 'irregular'] as const;
export type ReviewClass = (typeof REVIEW_CLASSES)[number];
export const REVIEW_CLASS_NAMES: Record<ReviewClass, string> = {
  tekun: '特困供养人员',
  stable: '收入基本稳定（老年人、重度残疾人家庭等）',
  irregular: '有劳动能力、收入不固定的家庭',
};

/** Decisions of civil affairs at the end of a review (核查结论). */
export const REVIEW_DECISIONS = ['continue', 'adjust', 'suspend', 'stop'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export const REVIEW_DECISION_NAMES: Record<ReviewDecision, string> = { continue: '继续保障', adjust: '调整保障金额', suspend: '暂停发放', stop: '停止保障（退出）' };

/** Why a household is reported between reviews (情况变化报告). */
export const REPORT_REASONS = ['moved', 'died', 'income_up', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_REASON_NAMES: Record<ReportReason, string> = { moved: '迁出本地', died: '死亡', income_up: '收入增加、可能不再符合条件', other: '其他情况变化' };

export const ACCOUNTABILITY_DECISIONS = ['免责', '约谈', '通报批评', '问责'] as const;
export type AccountabilityDecision = (typeof ACCOUNTABILITY_DECISIONS)[number];

export const ATTACHMENT_KINDS = ['material', 'home_visit'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];
/** Chinese names of the kinds (users read these). */
export const ATTACHMENT_KIND_NAMES: Record<AttachmentKind, string> = { material: '申请材料扫描件', home_visit: '入户调查照片' };
