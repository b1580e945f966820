/** All entities, in one list for the DataSource. */
import { AssistanceCase } from './assistance-case.entity.js';
import { AuditEntry } from './audit-entry.entity.js';
import { CaseEvent } from './case-event.entity.js';
import { Department } from './department.entity.js';
import { HouseholdMember } from './household-member.entity.js';
import { Household } from './household.entity.js';
import { PaymentInstruction } from './payment-instruction.entity.js';
import { Session } from './session.entity.js';
import { Unit } from './unit.entity.js';
import { User } from './user.entity.js';
import { WorkerHeartbeat } from './worker-heartbeat.entity.js';

export { AssistanceCase, AuditEntry, CaseEvent, Department, Household, HouseholdMember, PaymentInstruction, Session, Unit, User, WorkerHeartbeat };

export const ENTITIES = [AssistanceCase, AuditEntry, CaseEvent, Department, Household, HouseholdMember, PaymentInstruction, Session, Unit, User, WorkerHeartbeat];
