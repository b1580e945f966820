/**
 * Compile-time check that what the services answer, once JSON (dates become strings), is what
 * contracts/ tells the web: `npm run build` (tsc) fails when a service's answer drifts from the
 * shape the web reads. Types only: nothing here runs.
 */
import type { AccountabilityDetail, AccountabilityRecord, Attachment, CaseFile, ConferenceFile, ConferenceListItem, LookupResult, Page, ProcessVersion, PublicNotice } from '../../contracts/responses.js';
import type { AccountabilityService } from '../../domain/services/accountability.service.js';
import type { ApplicantLookupService } from '../../domain/services/applicant-lookup.service.js';
import type { AttachmentService } from '../../domain/services/attachment.service.js';
import type { CaseFileService } from '../../domain/services/case-file.service.js';
import type { ConferenceFileService } from '../../domain/services/conference-file.service.js';
import type { DirectoryService } from '../../domain/services/directory.service.js';
import type { PublicNoticeService } from '../../domain/services/public-notice.service.js';

/** What JSON.stringify makes of a value: Date → string, recursively. */
type Json<T> = T extends Date ? string : T extends (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;
type Answer<F extends (...args: never[]) => unknown> = Json<Awaited<ReturnType<F>>>;
/** Compiles only when A (the answer) is assignable to B (the contract). */
type Conforms<A extends B, B> = A;

export type Checks = [
  Conforms<Answer<CaseFileService['forUser']>, CaseFile>,
  Conforms<Answer<ConferenceFileService['forUser']>, ConferenceFile>,
  Conforms<Answer<ConferenceFileService['list']>, Page<ConferenceListItem>>,
  Conforms<Answer<AccountabilityService['list']>, Page<AccountabilityRecord>>,
  Conforms<Answer<AccountabilityService['get']>, AccountabilityDetail>,
  Conforms<Answer<ApplicantLookupService['lookup']>, LookupResult>,
  Conforms<Answer<AttachmentService['list']>, { items: Attachment[] }>,
  Conforms<Answer<DirectoryService['processVersions']>, { items: ProcessVersion[] }>,
  Conforms<Answer<PublicNoticeService['list']>, PublicNotice[]>,
];
