import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LinkTokens } from '@app/notifications';

/**
 * The token of the newest confirmation link queued for the address. The outbox row holds only a nonce
 * (the token is written into the mail as it is sent), so this computes what the sender writes, with the
 * application's own LinkTokens. Tests of the delivered mail itself read it from the test SMTP server.
 */
export async function briefingLinkToken(app: INestApplication, email: string): Promise<string> {
  const [row] = await app
    .get(DataSource)
    .query(`SELECT body FROM outbox WHERE recipient_email = $1 AND dedupe_key LIKE 'briefing-confirm:%' ORDER BY created_at DESC, id DESC LIMIT 1`, [email]);
  const nonce = /\{\{link-token:([A-Za-z0-9_-]{22})\}\}/.exec(row?.body ?? '')?.[1];
  if (!nonce) throw new Error(`no confirmation link queued for ${email}`);
  return app.get(LinkTokens).tokenFor(nonce);
}
