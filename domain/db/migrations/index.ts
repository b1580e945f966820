/** Migrations in order; each file is named <epoch>-<Name>.ts. */
import { Initial1764367200000 } from './1764367200000-Initial.js';
import { HouseholdNoSeq1764370800000 } from './1764370800000-HouseholdNoSeq.js';
import { ApplicationSteps1764374400000 } from './1764374400000-ApplicationSteps.js';
import { JointConference1764377100000 } from './1764377100000-JointConference.js';
import { TemporaryAssistance1764381600000 } from './1764381600000-TemporaryAssistance.js';
import { Escalation1764385200000 } from './1764385200000-Escalation.js';
import { LoginLockout1764388800000 } from './1764388800000-LoginLockout.js';
import { TaskCopy1764392400000 } from './1764392400000-TaskCopy.js';
import { AlertWebhook1764396000000 } from './1764396000000-AlertWebhook.js';
import { PiiEncryption1764399600000 } from './1764399600000-PiiEncryption.js';
import { DepartmentActive1764403200000 } from './1764403200000-DepartmentActive.js';
import { SocketIoAttachments1795911544197 } from './1795911544197-SocketIoAttachments.js';
import { EngineOutbox1796290747961 } from './1796290747961-EngineOutbox.js';
import { ApplicantLookup1796290890900 } from './1796290890900-ApplicantLookup.js';
import { HouseholdFacts1796291236662 } from './1796291236662-HouseholdFacts.js';
import { AppSettings1796291256170 } from './1796291256170-AppSettings.js';
import { ObjectorContactEncrypted1796292432398 } from './1796292432398-ObjectorContactEncrypted.js';
import { AccountabilityResponsible1796292811709 } from './1796292811709-AccountabilityResponsible.js';
import { CaseAttachment1796293007760 } from './1796293007760-CaseAttachment.js';
import { MoneyLoop1796294049082 } from './1796294049082-MoneyLoop.js';
import { PriceLinkage1796303718385 } from './1796303718385-PriceLinkage.js';
import { PeriodicReview1796303760473 } from './1796303760473-PeriodicReview.js';
import { PayrollOutbox1796304164531 } from './1796304164531-PayrollOutbox.js';
import { CountyIsolation1796304405106 } from './1796304405106-CountyIsolation.js';
import { AlertSeen1796304475044 } from './1796304475044-AlertSeen.js';
import { StandardAdjustment1796305619126 } from './1796305619126-StandardAdjustment.js';
import { WinterSpringCampaign1796305898119 } from './1796305898119-WinterSpringCampaign.js';
import { DecisionEditing1796306051666 } from './1796306051666-DecisionEditing.js';
import { ProcessMigration1796316616232 } from './1796316616232-ProcessMigration.js';
import { CountySettings1796327547015 } from './1796327547015-CountySettings.js';
import { PriceSubsidyWithdrawn1796327773205 } from './1796327773205-PriceSubsidyWithdrawn.js';
import { PriceOtherGroups1796328393465 } from './1796328393465-PriceOtherGroups.js';

export const MIGRATIONS = [
  Initial1764367200000,
  HouseholdNoSeq1764370800000,
  ApplicationSteps1764374400000,
  JointConference1764377100000,
  TemporaryAssistance1764381600000,
  Escalation1764385200000,
  LoginLockout1764388800000,
  TaskCopy1764392400000,
  AlertWebhook1764396000000,
  PiiEncryption1764399600000,
  DepartmentActive1764403200000,
  SocketIoAttachments1795911544197,
  EngineOutbox1796290747961,
  ApplicantLookup1796290890900,
  HouseholdFacts1796291236662,
  AppSettings1796291256170,
  ObjectorContactEncrypted1796292432398,
  AccountabilityResponsible1796292811709,
  CaseAttachment1796293007760,
  MoneyLoop1796294049082,
  PriceLinkage1796303718385,
  PeriodicReview1796303760473,
  PayrollOutbox1796304164531,
  CountyIsolation1796304405106,
  AlertSeen1796304475044,
  StandardAdjustment1796305619126,
  WinterSpringCampaign1796305898119,
  DecisionEditing1796306051666,
  ProcessMigration1796316616232,
  CountySettings1796327547015,
  PriceSubsidyWithdrawn1796327773205,
  PriceOtherGroups1796328393465,
];
