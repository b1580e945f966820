/** Shapes of the server's JSON answers: declared once in contracts/ (shared with the server), re-exported for the pages. */
export type * from '../../contracts/responses';
export type { AlertLevel, AlertMessage } from '../../contracts/realtime';
export type { Role } from '../../contracts/roles';
export type { StatisticsReport, Metrics as StatisticsMetrics } from '../../contracts/statistics';
export type {
  DoneItem,
  InitiatedItem,
  CopyItem,
  TaskActionOptions,
  UserView as AdminUser,
  IncidentView,
  DecisionTestCase,
  CheckReport as DecisionCheckReport,
  VersionRow,
  DecisionVersionRow,
  MigrationPlanView,
  MigrationView,
  VersionInstanceRow,
} from '../../contracts/views';
