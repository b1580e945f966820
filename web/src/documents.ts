/**
 * 申请材料 as the window sees them: codes and names, and which documents each
 * assistance type requires (mirrors domain/documents.ts on the server).
 */
export const DOCUMENT_NAMES: Record<string, string> = {
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
};
export const DOCUMENT_CODES = Object.keys(DOCUMENT_NAMES);

/** Every application needs these. */
const BASIC = ['application_form', 'id_card', 'household_register', 'income_statement', 'authorization'];

/** On top of the basic set, by assistance type. */
const EXTRA: Record<string, string[]> = {
  temporary: ['emergency_proof'],
  medical: ['medical_records'],
  education: ['enrollment_proof'],
  housing: ['housing_proof'],
  employment: ['unemployment_proof'],
  disability: ['disability_certificate'],
};

/** The documents the selected types need, in the standard order. */
export function requiredDocuments(types: readonly string[]): string[] {
  const need = new Set(BASIC);
  for (const t of types) for (const d of EXTRA[t] ?? []) need.add(d);
  return DOCUMENT_CODES.filter((d) => need.has(d));
}

/** Which assistance type a document is asked for (for the checklist hint); null for the basic set. */
export function documentReason(code: string, typeNames: Record<string, string>, types: readonly string[]): string | null {
  if (BASIC.includes(code)) return null;
  const t = types.find((x) => EXTRA[x]?.includes(code));
  return t ? (typeNames[t] ?? t) : null;
}
