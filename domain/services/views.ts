/**
 * The shapes of list rows the services answer with, in a module without
 * TypeORM, so the web's type-check (vue-tsc) can import them without pulling
 * the entities into its program. The services re-export them.
 */
import type { Role } from '../roles.js';

export interface DoneItem {
  taskId: string;
  name: string;
  taskKey: string;
  processKey: string;
  processName: string;
  created: string;
  completed: string;
  durationMs: number;
  due: string | null;
  /** on_time: completed by its due date; late: after it; no_limit: the step had no due date. */
  timeliness: 'on_time' | 'late' | 'no_limit';
  lateMs: number;
  case: { id: string; caseNo: string } | null;
  conference: { id: string; matterNo: string; title: string } | null;
}

export interface InitiatedItem {
  kind: 'case' | 'conference';
  id: string;
  number: string;
  title: string;
  detail: string;
  status: string;
  statusName: string;
  closed: boolean;
  createdAt: string;
  closedAt: string | null;
}

/** One row of 抄送我的. */
export interface CopyItem {
  id: string;
  taskId: string;
  taskName: string;
  caseId: string | null;
  note: string;
  createdAt: string;
  readAt: string | null;
  fromName: string | null;
  fromDepartment: string | null;
  caseNo: string | null;
  headName: string | null;
}

/** An account as the admin list shows it (no hash, no lockout internals beyond whether it is locked). */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentCode: string;
  departmentName: string;
  unitCode: string;
  unitName: string;
  active: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  createdAt: string;
}
