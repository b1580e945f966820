/**
 * The error of an incident in Chinese: the workers' own failures are already
 * Chinese (domain errors); the engine's and the runtime's common ones are
 * translated here; anything else is shown as 未识别的错误 with the original kept.
 */
const PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/Unknown property used in expression: \$\{([^}]*)\}/i, (m) => `流程表达式引用了不存在的变量（${m[1]}），请检查流程模型或启动变量`],
  [/Cannot resolve identifier '([^']+)'/i, (m) => `流程表达式引用了不存在的变量（${m[1]}），请检查流程模型或启动变量`],
  [/no (?:matching )?(?:decision|rule).*?hit policy.*UNIQUE|multiple rules match|hit policy 'UNIQUE'/i, () => '决策表按“唯一命中”（UNIQUE）规则匹配到多条规则，请修改决策表'],
  [/no decision definition deployed with key '([^']+)'/i, (m) => `决策表（${m[1]}）未部署`],
  [/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|fetch failed/i, () => '无法连接外部服务（连接被拒绝或地址无法解析）'],
  [/timeout|timed out|ETIMEDOUT|AbortError/i, () => '调用外部服务超时'],
  [/connection terminated|Connection refused|the database system is (?:starting up|shutting down)|ECONNRESET/i, () => '数据库连接中断'],
  [/OptimisticLockingException/i, () => '并发修改冲突（乐观锁），重试通常即可解决'],
  [/duplicate key value violates unique constraint/i, () => '重复写入被数据库唯一约束拒绝'],
];

/** True when the text already reads in Chinese. */
const isChinese = (s: string) => /[\u4e00-\u9fa5]/u.test(s);

/** The incident's message for the admins, in Chinese where the error is known. */
export function incidentMessageZh(raw: string | null | undefined): { message: string; known: boolean } {
  const text = (raw ?? '').trim();
  if (!text) return { message: '未记录错误信息', known: false };
  if (isChinese(text)) return { message: text, known: true };
  for (const [re, zh] of PATTERNS) {
    const m = text.match(re);
    if (m) return { message: zh(m), known: true };
  }
  return { message: '未识别的错误（原文见详情）', known: false };
}

/** The Chinese name of an incident type. */
export function incidentTypeName(type: string): string {
  return type === 'failedExternalTask' ? '外部任务失败' : type === 'failedJob' ? '作业失败' : type;
}
