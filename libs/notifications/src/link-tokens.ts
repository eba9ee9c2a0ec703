import { Injectable } from '@nestjs/common';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { AppConfig } from '@app/core';

let processSecret: string | undefined;

const PLACEHOLDER = /\{\{link-token:([A-Za-z0-9_-]{22})\}\}/g;

/** The stored form of a link token: its SHA-256 (hex). */
export const hashLinkToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Single-use tokens for links sent by mail (briefing confirmations) that the database never holds: the
 * queued mail carries a random nonce in a placeholder, the token is HMAC(key, nonce) and is written into
 * the mail only as it is sent, and the registration keeps the token's hash. Reading the outbox and the
 * registrations (or the audit trail) gives nothing that confirms. The key is derived from JWT_SECRET
 * (shared by every instance); without it, outside production, from a per-process secret.
 */
@Injectable()
export class LinkTokens {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    const secret = config.JWT_SECRET ?? (processSecret ??= randomBytes(32).toString('hex'));
    this.key = createHmac('sha256', secret).update('rdx link tokens v1').digest();
  }

  /** A fresh token: the placeholder goes into the queued mail, the hash into the database. */
  issue(): { placeholder: string; tokenHash: string } {
    const nonce = randomBytes(16).toString('base64url');
    return { placeholder: `{{link-token:${nonce}}}`, tokenHash: hashLinkToken(this.tokenFor(nonce)) };
  }

  /** 43 characters of base64url (256 bits). */
  tokenFor(nonce: string): string {
    return createHmac('sha256', this.key).update(nonce, 'utf8').digest('base64url');
  }

  /** The mail as it is sent: every placeholder replaced by its token. */
  expand(body: string): string {
    return body.replace(PLACEHOLDER, (_m, nonce: string) => this.tokenFor(nonce));
  }
}
