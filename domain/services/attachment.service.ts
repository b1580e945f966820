/**
 * 附件 (uploads): scans of materials at the window and photos of the home
 * visit. Checked by content (type by magic bytes, size, the virus-scan hook),
 * encrypted (AES-256-GCM with the personal-data key, bound to the attachment
 * id) before they reach the object store, and readable by exactly those who
 * may read the case; every read is audited by the route.
 */
import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CaseAttachment } from '../entities/case-attachment.entity.js';
import type { User } from '../entities/user.entity.js';
import { pii } from '../crypto/pii.js';
import { DOCUMENT_NAMES, type DocumentCode } from '../documents.js';
import { BadRequestError, ConflictError, ForbiddenError, HttpError, NotFoundError, UnavailableError } from '../errors.js';
import { ACCEPTED_TYPE_NAMES, sniffFileType } from '../storage/file-type.js';
import type { ObjectStore } from '../storage/object-store.js';
import { scanWithCommand } from '../storage/virus-scan.js';
import type { CaseFileService } from './case-file.service.js';
import type { UploadQuery } from '../../contracts/case.schema.js';
import { ATTACHMENT_KIND_NAMES, type AttachmentKind } from '../../contracts/kinds.js';

/** Roles that add files to a case they may read (coordinators and leaders read only). */
const UPLOADERS = ['clerk', 'village', 'handler', 'head'];

/** The AAD binding a stored file to its attachment row (a file moved to another row does not decrypt). */
export const attachmentLabel = (id: string) => `case_attachment:${id}`;
const label = attachmentLabel;

export class AttachmentService {
  constructor(
    private readonly ds: DataSource,
    private readonly caseFiles: CaseFileService,
    private readonly store: ObjectStore,
    private readonly opts: { maxBytes: number; scanCommand?: string },
  ) {}

  /** 上传: checks everything before anything is stored; the row is written only after the encrypted file is. */
  async upload(user: User, caseId: string, q: UploadQuery, content: Buffer) {
    const { c } = await this.caseFiles.readable(user, caseId);
    if (!UPLOADERS.includes(user.role)) throw new ForbiddenError('ATTACHMENT_FORBIDDEN', '只读角色不能上传附件');
    if (c.status === 'closed') throw new ConflictError('CASE_CLOSED', '该申请已办结，不能再上传附件');
    if (!content.length) throw new BadRequestError('ATTACHMENT_EMPTY', '文件是空的，请重新选择');
    if (content.length > this.opts.maxBytes) throw new HttpError(413, 'ATTACHMENT_TOO_LARGE', `文件不能超过 ${Math.floor(this.opts.maxBytes / 1024 / 1024)} MB`);
    const type = sniffFileType(content);
    if (!type) throw new HttpError(415, 'ATTACHMENT_TYPE_REFUSED', `只能上传 ${ACCEPTED_TYPE_NAMES}（按文件内容判断，改扩展名无效）`);
    if (q.kind === 'home_visit' && type.mime === 'application/pdf') throw new HttpError(415, 'ATTACHMENT_TYPE_REFUSED', '入户调查照片须为图片');
    if (this.opts.scanCommand) {
      const verdict = await scanWithCommand(this.opts.scanCommand, content);
      if (verdict === 'infected') throw new HttpError(422, 'ATTACHMENT_INFECTED', '文件未通过病毒扫描，已拒收');
      if (verdict === 'unavailable') throw new UnavailableError('VIRUS_SCAN_UNAVAILABLE', '病毒扫描暂不可用，文件未保存，请稍后重试');
    }
    const id = crypto.randomUUID();
    const storageKey = `cases/${c.id}/${id}`;
    try {
      await this.store.put(storageKey, pii().encryptBytes(content, label(id)));
    } catch {
      // Nothing was recorded: the upload can simply be tried again.
      throw new UnavailableError('OBJECT_STORE_UNAVAILABLE', '附件存储暂不可用，文件未保存，请稍后重试');
    }
    const row = await this.ds.getRepository(CaseAttachment).save({
      id,
      caseId: c.id,
      kind: q.kind,
      documentCode: q.kind === 'material' ? (q.document ?? null) : null,
      fileName: q.name,
      mimeType: type.mime,
      sizeBytes: content.length,
      storageKey,
      uploadedBy: user.id,
      uploadedByName: user.displayName,
    });
    return { caseNo: c.caseNo, attachment: dto(row as CaseAttachment) };
  }

  /** The case's attachments, oldest first. */
  async list(user: User, caseId: string) {
    const { c } = await this.caseFiles.readable(user, caseId);
    const rows = await this.ds.getRepository(CaseAttachment).find({ where: { caseId: c.id }, order: { createdAt: 'ASC' } });
    return { items: rows.map(dto) };
  }

  /** The decrypted file, for one who may read the case. */
  async read(user: User, caseId: string, attachmentId: string) {
    const { c } = await this.caseFiles.readable(user, caseId);
    if (!/^[0-9a-f-]{36}$/i.test(attachmentId)) throw new NotFoundError('ATTACHMENT_NOT_FOUND', '附件不存在');
    const row = await this.ds.getRepository(CaseAttachment).findOneBy({ id: attachmentId, caseId: c.id });
    if (!row) throw new NotFoundError('ATTACHMENT_NOT_FOUND', '附件不存在');
    const content = pii().decryptBytes(await this.store.get(row.storageKey), label(row.id));
    return { caseNo: c.caseNo, row, content };
  }
}

function dto(a: CaseAttachment) {
  return {
    id: a.id,
    kind: a.kind,
    kindName: ATTACHMENT_KIND_NAMES[a.kind as AttachmentKind],
    documentCode: a.documentCode,
    documentName: a.documentCode ? (DOCUMENT_NAMES[a.documentCode as DocumentCode] ?? a.documentCode) : null,
    fileName: a.fileName,
    mimeType: a.mimeType,
    sizeBytes: a.sizeBytes,
    uploadedByName: a.uploadedByName,
    createdAt: a.createdAt,
  };
}
