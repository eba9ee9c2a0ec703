import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res, UploadedFile, UseGuards, UseInterceptors, Body, HttpCode } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { Request, Response } from 'express';
import { DocumentAccessService } from './document-access.service';
import { Actor, DomainError } from '@app/core';
import { DocumentPurpose, DocumentService, downloadName } from '@app/documents';
import { contentDisposition } from '@app/matching';
import { JwtHttpGuard, MayChangeGuard } from '../auth/guards';
import { UploadBudgetGuard } from '../security/upload-budget.guard';

/** Hard ceiling for the multipart parser; the configured UPLOAD_MAX_BYTES (smaller) is checked by the service. */
const PARSER_LIMIT = 50 * 1024 * 1024;

/**
 * POST /documents (multipart: `file`, `purpose`), with the bearer token. The file's type is read
 * from its bytes; its SHA-256, size and type are recorded. Attach the returned id in GraphQL.
 */
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentService,
    private readonly access: DocumentAccessService,
  ) {}

  /** GET /documents/:id — the file, for whoever may read what it is attached to. */
  @Get(':id')
  @UseGuards(JwtHttpGuard)
  async download(@Req() req: Request & { user: Actor }, @Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response) {
    const { doc, content } = await this.access.readable(req.user, id);
    this.sendAttachment(res, doc, content);
  }

  private sendAttachment(res: Response, doc: { fileName: string; mimeType: string; sha256: string }, content: Buffer) {
    // Always a download, under a cleaned name with its type's extension, typed by what the bytes were
    // recognised as (res.attachment would type it from the name): nothing is rendered by the browser.
    res.attachment(downloadName(doc.fileName, doc.mimeType));
    res.setHeader('content-type', doc.mimeType);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('content-security-policy', "default-src 'none'; sandbox");
    res.setHeader('x-content-sha256', doc.sha256);
    res.send(content);
  }

  /**
   * GET /documents/:id/view — a PDF shown in the browser's own viewer (an evaluator reads a proposal without saving it);
   * any other type is the same download as GET /documents/:id. Type pinned to what the bytes were recognised as, with
   * nosniff: the browser renders a PDF or nothing. No CSP sandbox here: Chromium refuses to run its PDF viewer in a
   * sandboxed document; PDF scripts run in the viewer's own process, without this origin's pages or cookies.
   */
  @Get(':id/view')
  @UseGuards(JwtHttpGuard)
  async view(@Req() req: Request & { user: Actor }, @Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response) {
    const { doc, content } = await this.access.readable(req.user, id);
    if (doc.mimeType !== 'application/pdf') return this.sendAttachment(res, doc, content);
    const name = downloadName(doc.fileName, doc.mimeType);
    res.setHeader('content-disposition', contentDisposition(name, name, 'inline'));
    res.setHeader('content-type', 'application/pdf');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'; form-action 'none'; base-uri 'none'",
    );
    res.setHeader('cache-control', 'private, no-store');
    res.setHeader('x-content-sha256', doc.sha256);
    res.send(content);
  }

  @Post()
  @HttpCode(201)
  // A suspended vendor and the upload budget are refused before the body is read; the storage quota is the service's.
  @UseGuards(JwtHttpGuard, MayChangeGuard, UploadBudgetGuard)
  @UseInterceptors(FileInterceptor('file', { storage: memoryStorage(), limits: { fileSize: PARSER_LIMIT, files: 1, fields: 5 } }))
  async upload(@Req() req: Request & { user: Actor }, @UploadedFile() file: Express.Multer.File | undefined, @Body('purpose') purpose?: string) {
    if (!file)
      throw new DomainError('VALIDATION_FAILED', { field: 'file' }, { ja: 'ファイルを選択してください。', en: 'A file is required (multipart field "file").' });
    const p = (purpose ?? DocumentPurpose.MEMORANDUM) as DocumentPurpose;
    if (!Object.values(DocumentPurpose).includes(p)) throw new DomainError('VALIDATION_FAILED', { field: 'purpose' });
    // multer decodes the name as latin1; browsers send UTF-8 (Japanese file names).
    const originalName = Buffer.from(file.originalname, 'latin1').toString('utf8');
    const d = await this.documents.upload(req.user, p, { originalName, buffer: file.buffer });
    return { id: d.id, purpose: d.purpose, fileName: d.fileName, mimeType: d.mimeType, sizeBytes: d.sizeBytes, sha256: d.sha256, uploadedAt: d.uploadedAt };
  }
}
