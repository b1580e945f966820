/** The roles of an account (TypeORM-free, so the web's type-check can use them). */
export const ROLES = ['clerk', 'handler', 'head', 'village', 'coordinator', 'leader', 'admin', 'sysadmin'] as const;
export type Role = (typeof ROLES)[number];
/** 系统管理员（全省）: the one role above the counties — installation-wide settings (working-day calendar, member departments, defaults) and adding counties; never assigned by a county. */
export const INSTALLATION_ROLE = 'sysadmin' satisfies Role;
