/**
 * The contract between BPMN models and workers, declared once: process keys,
 * external-task topics and BPMN error codes. A test checks every model in
 * processes/ against these lists, and every topic against a worker.
 */

/** Process definition keys (BPMN process ids). */
export const PROCESS = {
  /** 社会救助一门受理 */
  socialAssistanceApplication: 'social-assistance-application',
} as const;

/** External-task topics, `<area>.<verb>`. */
export const TOPIC = {
  /** 分类派单: decide the lead department and its candidate group. */
  caseClassify: 'case.classify',
  /** 资金发放指令: write the idempotent payment instruction. */
  paymentInstruct: 'payment.instruct',
  /** 办结归档: close the case with its outcome and written reason. */
  caseClose: 'case.close',
} as const;
export type Topic = (typeof TOPIC)[keyof typeof TOPIC];

/** BPMN error codes thrown by workers and caught by models. */
export const BPMN_ERROR = {
  /** 资金核算: household per-capita income is not below the local standard, nothing to pay. */
  INCOME_ABOVE_STANDARD: 'INCOME_ABOVE_STANDARD',
} as const;
export type BpmnErrorCode = keyof typeof BPMN_ERROR;

/** Candidate-group naming: `dept:<code>`, `role:<code>`, `unit:<unit code>:<role>`. */
export const group = {
  dept: (code: string) => `dept:${code}`,
  role: (code: string) => `role:${code}`,
  unitRole: (unitCode: string, role: string) => `unit:${unitCode}:${role}`,
};
