import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Actor, AppConfig, DomainError, Role, sha256Hex } from '@app/core';
import { EntityManager } from 'typeorm';
import { StoredDocument } from './document.entity';
import { DocumentRepository } from './document.repository';
import { ALLOWED_DOCUMENT_TYPES, extensionMatches, safeFileName, sniffMimeType } from './file-sniffer';

export enum DocumentPurpose {
  MEMORANDUM = 'MEMORANDUM',
  PROPOSAL = 'PROPOSAL',
  REPORT = 'REPORT',
}

export interface IncomingFile {
  originalName: string;
  buffer: Buffer;
}

/** Files on local disk, addressed by content digest; metadata and ownership in the database. */
@Injectable()
export class DocumentService {
  private readonly dir: string;

  constructor(
    private readonly repo: DocumentRepository,
    private readonly config: AppConfig,
  ) {
    this.dir = resolve(config.UPLOAD_DIR ?? join(config.DATA_DIR === 'memory' ? './data' : config.DATA_DIR, 'uploads'));
  }

  /** `onBehalfOf`: the secretariat storing a prefecture's file that came by e-mail (proxy entry); the prefecture owns it. */
  async upload(actor: Actor, purpose: DocumentPurpose, file: IncomingFile, onBehalfOf?: { prefectureCode: string }): Promise<StoredDocument> {
    const owner = onBehalfOf && actor.role === Role.SECRETARIAT ? { ownerPrefectureCode: onBehalfOf.prefectureCode, ownerVendorId: null } : this.ownerOf(actor);
    if (file.buffer.length > this.config.UPLOAD_MAX_BYTES) {
      throw new DomainError('FILE_TOO_LARGE', { maxBytes: this.config.UPLOAD_MAX_BYTES });
    }
    if (file.buffer.length === 0) throw new DomainError('VALIDATION_FAILED', { field: 'file' }, { ja: 'ファイルが空です。', en: 'The file is empty.' });
    // The type comes from the bytes; the name must agree with it, so that nothing is ever stored under
    // an extension (.html, .exe, .hta) that a browser or Windows would act on.
    const fileName = safeFileName(file.originalName);
    const mimeType = await sniffMimeType(file.buffer);
    if (!mimeType || !extensionMatches(fileName, mimeType)) {
      throw new DomainError('FILE_TYPE_NOT_ALLOWED', { allowed: Object.keys(ALLOWED_DOCUMENT_TYPES) });
    }
    const quota = this.config.UPLOAD_QUOTA_BYTES;
    const overQuota = async (m?: EntityManager) => (await this.repo.bytesUploadedBy(actor.userId, m)) + file.buffer.length > quota;
    // Checked before writing (cheap refusal) and again under the account's lock with the insert (concurrent uploads).
    if (await overQuota()) throw new DomainError('STORAGE_QUOTA_EXCEEDED', { quotaBytes: quota });
    const sha256 = sha256Hex(file.buffer);
    const storageKey = `${sha256.slice(0, 2)}/${sha256}.${ALLOWED_DOCUMENT_TYPES[mimeType]}`;
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    // Write then rename, so that a crash never leaves a half-written file under its final name.
    const tmp = join(this.dir, `${storageKey}.${randomUUID()}.tmp`);
    await writeFile(tmp, file.buffer);
    await rename(tmp, join(this.dir, storageKey));
    return this.repo.withUploaderLock(actor, async (m) => {
      if (await overQuota(m)) throw new DomainError('STORAGE_QUOTA_EXCEEDED', { quotaBytes: quota });
      return this.repo.insert(
        {
          purpose,
          ...owner,
          fileName,
          mimeType,
          sizeBytes: file.buffer.length,
          sha256,
          storageKey,
          uploadedBy: actor.userId,
        },
        m,
      );
    });
  }

  byIds(ids: readonly string[], m?: EntityManager): Promise<StoredDocument[]> {
    return this.repo.byIds(ids, m);
  }

  async content(doc: StoredDocument): Promise<Buffer> {
    return readFile(join(this.dir, doc.storageKey));
  }

  private ownerOf(actor: Actor): Pick<StoredDocument, 'ownerPrefectureCode' | 'ownerVendorId'> {
    if (actor.role === Role.PREFECTURE && actor.prefectureCode) return { ownerPrefectureCode: actor.prefectureCode, ownerVendorId: null };
    if (actor.role === Role.VENDOR && actor.vendorId) return { ownerPrefectureCode: null, ownerVendorId: actor.vendorId };
    throw new DomainError('FORBIDDEN');
  }
}
