/**
 * Every topic the workers serve, built from the services of the composition root
 * (domain/composition.ts); a test checks the list against processes/*.bpmn.
 */
import { caseCheckDocumentsTopic } from './case-check-documents.topic.js';
import { caseClassifyTopic } from './case-classify.topic.js';
import { caseCloseTopic } from './case-close.topic.js';
import { conferenceAssignTopic } from './conference-assign.topic.js';
import { conferenceConveneTopic } from './conference-convene.topic.js';
import { conferenceDeclineTopic } from './conference-decline.topic.js';
import { conferenceReportTopic } from './conference-report.topic.js';
import { referralOpenTopic } from './referral-open.topic.js';
import { ledgerRecordTopic } from './ledger-record.topic.js';
import { noticeEndTopic } from './notice-end.topic.js';
import { noticePublishTopic } from './notice-publish.topic.js';
import { paymentInstructTopic } from './payment-instruct.topic.js';
import { verificationQueryTopic } from './verification-query.topic.js';
import { verificationReportTopic } from './verification-report.topic.js';
import { temporaryAssessTopic } from './temporary-assess.topic.js';
import { temporaryPayTopic } from './temporary-pay.topic.js';
import { escalationRaiseTopic } from './escalation-raise.topic.js';
import { payrollScheduleTopic } from './payroll-schedule.topic.js';
import { payrollBuildTopic } from './payroll-build.topic.js';
import { payrollInstructTopic } from './payroll-instruct.topic.js';
import { payrollDelayTopic } from './payroll-delay.topic.js';
import { payrollSettleTopic } from './payroll-settle.topic.js';
import { payrollCloseTopic } from './payroll-close.topic.js';
import { campaignScheduleTopic } from './campaign-schedule.topic.js';
import { campaignPrepareTopic } from './campaign-prepare.topic.js';
import { campaignRecordTopic } from './campaign-record.topic.js';
import { priceDecideTopic } from './price-decide.topic.js';
import { pricePayTopic } from './price-pay.topic.js';
import { standardApplyTopic } from './standard-apply.topic.js';
import { standardScheduleTopic } from './standard-schedule.topic.js';
import { reviewScheduleTopic } from './review-schedule.topic.js';
import { reviewVerifyTopic } from './review-verify.topic.js';
import type { Services } from '../../domain/composition.js';
import type { TopicDefinition } from '../topic.js';

export function createTopics(services: Services): TopicDefinition[] {
  return [
    caseCheckDocumentsTopic(services),
    caseClassifyTopic(services),
    referralOpenTopic(services),
    verificationQueryTopic(services),
    verificationReportTopic(services),
    noticePublishTopic(services),
    noticeEndTopic(services),
    paymentInstructTopic(services),
    ledgerRecordTopic(services),
    caseCloseTopic(services),
    escalationRaiseTopic(services),
    temporaryAssessTopic(services),
    temporaryPayTopic(services),
    conferenceConveneTopic(services),
    conferenceDeclineTopic(services),
    conferenceAssignTopic(services),
    conferenceReportTopic(services),
    payrollScheduleTopic(services),
    payrollBuildTopic(services),
    payrollInstructTopic(services),
    payrollDelayTopic(services),
    payrollSettleTopic(services),
    payrollCloseTopic(services),
    campaignScheduleTopic(services),
    campaignPrepareTopic(services),
    campaignRecordTopic(services),
    priceDecideTopic(services),
    pricePayTopic(services),
    standardScheduleTopic(services),
    standardApplyTopic(services),
    reviewScheduleTopic(services),
    reviewVerifyTopic(services),
  ];
}
