/** 救助类型 and the states of a case (救助申请), with the Chinese names users read. */

export const ASSISTANCE_TYPES = ['dibao', 'tekun', 'temporary', 'medical', 'education', 'housing', 'employment', 'disability'] as const;
export type AssistanceType = (typeof ASSISTANCE_TYPES)[number];

/** Chinese names of the assistance types (users read these). */
export const ASSISTANCE_TYPE_NAMES: Record<AssistanceType, string> = {
  dibao: '最低生活保障',
  tekun: '特困人员供养',
  temporary: '临时救助',
  medical: '医疗救助',
  education: '教育救助',
  housing: '住房救助',
  employment: '就业救助',
  disability: '残疾人两项补贴',
};

export type CaseStatus = 'registered' | 'in_progress' | 'closed';
export type CaseOutcome = 'approved' | 'rejected' | 'withdrawn';

export const STATUS_NAMES: Record<string, string> = { registered: '已登记', in_progress: '办理中', closed: '已办结' };
export const OUTCOME_NAMES: Record<string, string> = { approved: '批准救助', rejected: '不予救助', withdrawn: '申请撤回' };
