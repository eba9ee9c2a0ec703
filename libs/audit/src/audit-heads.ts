import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppConfig, canonicalJson, Clock, ReceiptSigner, verifyReceipt } from '@app/core';

/** One line of the heads file: the chain's record `seq` had hash `hash`, signed by the server at `time`. */
export interface SignedHead {
  seq: number;
  hash: string;
  time: string;
  /** The database the chain lives in (system identifier and database oid), so one file may serve several. */
  db: string;
  keyId: string;
  signature: string;
}

/** Where verification finds the signed heads and the key that must have signed them. */
export interface SignedHeadSource {
  readonly location: string;
  readonly publicKeyPem: string;
  read(): Promise<{ heads: unknown[]; unreadable: number }>;
}

/** The signed text: says what it is, so a head's signature can never pass for a receipt's. */
export function headPayload(h: Pick<SignedHead, 'seq' | 'hash' | 'time' | 'db'>): string {
  return canonicalJson({ purpose: 'rdx-audit-head', alg: 'Ed25519', db: h.db, seq: h.seq, hash: h.hash, time: h.time });
}

export function verifyHeadSignature(publicKeyPem: string, h: SignedHead): boolean {
  return verifyReceipt(publicKeyPem, headPayload(h), h.signature);
}

/** Which database a chain belongs to: neither value can be changed with SQL (a restored copy is a new database). */
export const DATABASE_IDENTITY_SQL = `SELECT s.system_identifier::text || ':' || d.oid::text AS id FROM pg_control_system() s, pg_database d WHERE d.datname = current_database()`;

/** The heads file of a configuration, or null when the heads live in memory (DATA_DIR=memory). */
export function auditHeadsFile(config: AppConfig): string | null {
  if (config.AUDIT_HEADS_FILE) return config.AUDIT_HEADS_FILE;
  return config.DATA_DIR === 'memory' ? null : join(config.DATA_DIR, 'audit-heads.jsonl');
}

/** Reads a heads file (missing file: no heads). */
export async function readHeadsFile(file: string): Promise<{ heads: unknown[]; unreadable: number }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { heads: [], unreadable: 0 };
    throw e;
  }
  const heads: unknown[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      heads.push(JSON.parse(line));
    } catch {
      unreadable++;
    }
  }
  return { heads, unreadable };
}

/**
 * Signs every head the application seals with the server's Ed25519 key (RECEIPT_SIGNING_KEY) and
 * appends it, one JSON line per head, to a file outside the database (AUDIT_HEADS_FILE, default
 * DATA_DIR/audit-heads.jsonl). A database superuser can rewrite the chain consistently, but not
 * the signed heads: `audit:verify` then finds records missing below a signed head (truncation) or
 * a record whose hash is not the signed one (re-hashing). Heads that arrive while a line is being
 * written are coalesced into the newest one; the file is only ever appended to.
 */
@Injectable()
export class AuditHeads implements SignedHeadSource, OnApplicationShutdown {
  private readonly log = new Logger('AuditHeads');
  private readonly file: string | null;
  private readonly memory: string[] = [];
  private newest: { db: string; seq: number; hash: string } | null = null;
  private written = new Map<string, number>();
  private writing: Promise<void> = Promise.resolve();

  constructor(
    config: AppConfig,
    private readonly signer: ReceiptSigner,
    private readonly clock: Clock,
  ) {
    this.file = auditHeadsFile(config);
  }

  get location(): string {
    return this.file ?? '(memory)';
  }

  get publicKeyPem(): string {
    return this.signer.publicKeyPem;
  }

  /** Signs and appends the head `seq`/`hash` of database `db` (resolves once a head at least as new is written). */
  record(db: string, seq: number, hash: string): Promise<void> {
    if (!this.newest || this.newest.db !== db || seq > this.newest.seq) this.newest = { db, seq, hash };
    this.writing = this.writing.then(() => this.writeNewest());
    return this.writing;
  }

  private async writeNewest(): Promise<void> {
    const h = this.newest;
    if (!h || (this.written.get(h.db) ?? 0) >= h.seq) return;
    const head = { seq: h.seq, hash: h.hash, time: this.clock.now().toISOString(), db: h.db };
    const line = JSON.stringify({ ...head, keyId: this.signer.keyId, signature: this.signer.signText(headPayload(head)) });
    try {
      if (this.file) {
        await mkdir(dirname(this.file), { recursive: true });
        await appendFile(this.file, `${line}\n`, { mode: 0o640 });
      } else this.memory.push(line);
      this.written.set(h.db, h.seq);
    } catch (e) {
      this.log.error(`could not append the signed audit head ${h.seq} to ${this.location}: ${(e as Error).message}`);
    }
  }

  async read(): Promise<{ heads: unknown[]; unreadable: number }> {
    await this.writing;
    if (this.file) return readHeadsFile(this.file);
    return { heads: this.memory.map((l) => JSON.parse(l) as unknown), unreadable: 0 };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.writing;
  }
}

/** A heads file read by `audit:verify`, checked against the given public key. */
export function headsFromFile(file: string, publicKeyPem: string): SignedHeadSource {
  return { location: file, publicKeyPem, read: () => readHeadsFile(file) };
}

/**
 * Checks the chain against the signed heads of its database: every head's signature, every signed
 * record still in the chain with its signed hash, and no signed record beyond the chain's end.
 * `chainHash(seq)` returns the hash the chain holds at `seq` (undefined: no such record).
 */
export function checkSignedHeads(
  source: { heads: unknown[]; unreadable: number; publicKeyPem: string; location: string },
  db: string,
  chainLength: number,
  chainHash: (seq: number) => string | undefined,
  problem: (p: string) => void,
): { checked: number; newest: number; otherDatabases: number } {
  if (source.unreadable) problem(`${source.location}: ${source.unreadable} unreadable line(s) (the heads file was altered)`);
  let checked = 0;
  let newest = 0;
  let otherDatabases = 0;
  for (const raw of source.heads) {
    const h = raw as SignedHead;
    if (typeof h?.seq !== 'number' || typeof h.hash !== 'string' || typeof h.signature !== 'string' || typeof h.db !== 'string') {
      problem(`${source.location}: a line is not a signed head (the heads file was altered)`);
      continue;
    }
    if (h.db !== db) {
      otherDatabases++;
      continue;
    }
    checked++;
    if (!verifyHeadSignature(source.publicKeyPem, h)) {
      problem(`signed head ${h.seq} (${h.time}): the signature does not verify (a forged or altered head, or another key than ${h.keyId})`);
      continue;
    }
    newest = Math.max(newest, h.seq);
    if (h.seq > chainLength) {
      problem(`signed head ${h.seq} (${h.time}): the chain ends at record ${chainLength} (records deleted: the chain was truncated)`);
      continue;
    }
    const hash = chainHash(h.seq);
    if (hash !== h.hash) problem(`record ${h.seq}: its hash is not the one signed at ${h.time} (the chain was rewritten and re-hashed)`);
  }
  return { checked, newest, otherDatabases };
}
