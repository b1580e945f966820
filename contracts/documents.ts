/**
 * 申请材料: which documents each assistance type requires, so the window can
 * give a one-time list of everything missing (一次性告知).
 */
import type { AssistanceType } from './assistance.js';

/** Document codes and their Chinese names. */
export const DOCUMENT_NAMES = {
  application_form: '社会救助申请书',
  id_card: '家庭成员居民身份证',
  household_register: '户口簿',
  income_statement: '家庭收入及财产状况声明',
  authorization: '家庭经济状况核对授权书',
  medical_records: '医疗费用票据及诊断证明',
  enrollment_proof: '学籍证明',
  housing_proof: '住房状况证明',
  unemployment_proof: '失业登记证明',
  disability_certificate: '残疾人证',
  emergency_proof: '突发事件或意外情况说明',
} as const;
export type DocumentCode = keyof typeof DOCUMENT_NAMES;
export const DOCUMENT_CODES = Object.keys(DOCUMENT_NAMES) as DocumentCode[];

const BASIC: DocumentCode[] = ['application_form', 'id_card', 'household_register', 'income_statement', 'authorization'];

/** Documents each type needs on top of the basic set every application needs. */
const EXTRA: Record<AssistanceType, DocumentCode[]> = {
  dibao: [],
  tekun: [],
  temporary: ['emergency_proof'],
  medical: ['medical_records'],
  education: ['enrollment_proof'],
  housing: ['housing_proof'],
  employment: ['unemployment_proof'],
  disability: ['disability_certificate'],
};

/** Every document the requested types need, in a stable order. */
export function requiredDocuments(types: readonly AssistanceType[]): DocumentCode[] {
  const need = new Set<DocumentCode>(BASIC);
  for (const t of types) for (const d of EXTRA[t] ?? []) need.add(d);
  return DOCUMENT_CODES.filter((d) => need.has(d));
}

/** What is still missing from the submitted documents. */
export function missingDocuments(types: readonly AssistanceType[], submitted: readonly string[]): DocumentCode[] {
  const have = new Set(submitted);
  return requiredDocuments(types).filter((d) => !have.has(d));
}

/** Which of the selected types a document is asked for (the checklist's hint); null for the basic set every application needs. */
export function documentReason(code: string, typeNames: Record<string, string>, types: readonly string[]): string | null {
  if ((BASIC as string[]).includes(code)) return null;
  const t = types.find((x) => (EXTRA[x as AssistanceType] as string[] | undefined)?.includes(code));
  return t ? (typeNames[t] ?? t) : null;
}
