/** The roles of an account (TypeORM-free, so the web's type-check can use them). */
export const ROLES = ['clerk', 'handler', 'head', 'village', 'coordinator', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];
