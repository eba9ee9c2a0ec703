import { Injectable, Logger } from '@nestjs/common';
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { canonicalJson, sha256Hex } from '../util/canonical-json';

/** What a receipt's signature covers: enough to prove what was sent, when, by whom, for what. */
export interface ReceiptClaims {
  number: string;
  subjectType: string;
  subjectId: string;
  receivedAt: Date;
  contentDigest: string;
  submittedBy: string;
}

export interface SignedReceipt {
  /** The exact text that was signed (canonical JSON of the claims), so anyone can verify it byte for byte. */
  payload: string;
  /** Ed25519 signature of the payload, base64. */
  signature: string;
  keyId: string;
}

/**
 * Signs submission receipts with the server's Ed25519 key, so that an applicant holding a receipt
 * can prove to a third party what it submitted and when. Ed25519 signatures are deterministic, so a
 * receipt signed again on every read is the same signature. The key comes from RECEIPT_SIGNING_KEY
 * (PEM, required in production); otherwise it is generated once and kept in the data folder, or for
 * an in-memory data folder lives as long as the process.
 */
@Injectable()
export class ReceiptSigner {
  private readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
  readonly keyId: string;

  constructor(config: AppConfig) {
    this.privateKey = loadOrCreateKey(config);
    this.publicKeyPem = createPublicKey(this.privateKey).export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = sha256Hex(this.publicKeyPem).slice(0, 16);
  }

  sign(claims: ReceiptClaims): SignedReceipt {
    const payload = receiptPayload(claims);
    const signature = sign(null, Buffer.from(payload, 'utf8'), this.privateKey).toString('base64');
    return { payload, signature, keyId: this.keyId };
  }

  /** Signs any other text the server vouches for (the audit trail's heads); the text must say what it is. */
  signText(payload: string): string {
    return sign(null, Buffer.from(payload, 'utf8'), this.privateKey).toString('base64');
  }

  verify(payload: string, signatureBase64: string): boolean {
    return verifyReceipt(this.publicKeyPem, payload, signatureBase64);
  }
}

export function receiptPayload(c: ReceiptClaims): string {
  return canonicalJson({
    alg: 'Ed25519',
    number: c.number,
    subjectType: c.subjectType,
    subjectId: c.subjectId,
    receivedAt: c.receivedAt.toISOString(),
    contentDigest: c.contentDigest,
    submittedBy: c.submittedBy,
  });
}

/** Verification needs only the public key: what an applicant or an auditor runs on their side. */
export function verifyReceipt(publicKeyPem: string, payload: string, signatureBase64: string): boolean {
  try {
    return verify(null, Buffer.from(payload, 'utf8'), createPublicKey(publicKeyPem), Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

function loadOrCreateKey(config: AppConfig): KeyObject {
  if (config.RECEIPT_SIGNING_KEY) return createPrivateKey(config.RECEIPT_SIGNING_KEY.replace(/\\n/g, '\n'));
  const persistent = config.DATA_DIR !== 'memory';
  const file = join(config.DATA_DIR, 'receipt-signing-key.pem');
  if (persistent && existsSync(file)) return createPrivateKey(readFileSync(file, 'utf8'));
  const { privateKey } = generateKeyPairSync('ed25519');
  if (persistent) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    new Logger('Receipts').warn(`RECEIPT_SIGNING_KEY is not set: generated one in ${file} (set it in production).`);
  }
  return privateKey;
}
