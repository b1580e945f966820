/** The roles of an account and their Chinese names. */
export const ROLES = ['clerk', 'handler', 'head', 'village', 'coordinator', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  clerk: '窗口受理员',
  handler: '经办人',
  head: '部门负责人',
  village: '村级专干',
  coordinator: '协调员',
  leader: '分管领导',
  admin: '系统管理员',
};
