/**
 * 分类派单: which department leads an application and which departments are
 * concerned, from the assistance types requested.
 */
import type { AssistanceType } from '../entities/assistance-case.entity.js';

/** The department responsible for each assistance type (POLICY-MAP §三, §五). */
export const DEPARTMENT_OF: Record<AssistanceType, string> = {
  dibao: 'civil',
  tekun: 'civil',
  temporary: 'civil',
  medical: 'health',
  education: 'edu',
  housing: 'housing',
  employment: 'hrss',
  disability: 'dpf',
};

export interface Classification {
  /** Department whose inbox receives the review task. */
  leadDepartment: string;
  /** Every department concerned, lead first, without duplicates. */
  departments: string[];
}

/**
 * Civil affairs leads whenever a basic-living type (低保/特困/临时救助) is
 * requested; otherwise the department of the first type requested leads.
 */
export function classify(types: readonly AssistanceType[]): Classification {
  if (types.length === 0) throw new Error('no assistance type');
  const departments = [...new Set(types.map((t) => DEPARTMENT_OF[t]))];
  const lead = types.some((t) => DEPARTMENT_OF[t] === 'civil') ? 'civil' : DEPARTMENT_OF[types[0]!];
  return { leadDepartment: lead, departments: [lead, ...departments.filter((d) => d !== lead)] };
}
