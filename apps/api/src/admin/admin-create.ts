import 'reflect-metadata';
import { ConfigError, DomainError, loadConfig, Role, SYSTEM_ACTOR } from '@app/core';
import { IdentityService } from '@app/identity';
import { createApp } from '../bootstrap';
import { validationPipe } from '../graphql/validation';
import { CreateAccountInput } from '../identity/identity.inputs';

const USAGE = 'usage: npm run admin:create -- --email ADDRESS --name "DISPLAY NAME"   (the password is read from standard input)';

class UsageError extends Error {}

/** --email and --name only: a password on the command line would land in the shell history and the process list. */
function parseArgs(argv: string[]): { email: string; displayName: string } {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag === '--password' || flag === '-p') throw new UsageError('the password is never given as an argument: it is read from standard input');
    if (flag !== '--email' && flag !== '--name') throw new UsageError(`unknown argument ${flag}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    values[flag.slice(2)] = value;
  }
  if (!values.email || !values.name) throw new UsageError('--email and --name are required');
  return { email: values.email, displayName: values.name };
}

/** The password from standard input: typed twice without echo on a terminal, else the first line of what is piped in. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
  }
  const first = await askHidden('password (at least 12 characters): ');
  const again = await askHidden('the same password again: ');
  if (first !== again) throw new UsageError('the two passwords differ');
  return first;
}

function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    let value = '';
    const finish = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (text: string) => {
      for (const c of text) {
        if (c === '\r' || c === '\n') return finish();
        if (c === '\u0003' || c === '\u0004') return finish(new UsageError('cancelled'));
        if (c === '\u007f' || c === '\b') value = Array.from(value).slice(0, -1).join('');
        else value += c;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * `npm run admin:create -- --email … --name …` (in the image: `node dist/apps/api/src/admin/admin-create.js …`): the first
 * secretariat account of a production installation (the demo's accounts never exist there). The input is checked as
 * the API's createAccount checks it (the same validation pipe, then IdentityService: argon2id hash); an existing e-mail
 * address is refused and nothing changes. Works on the configured database: DATABASE_URL, or the embedded one in
 * DATA_DIR (stop the API first: an embedded PGlite belongs to one process). Returns the exit code.
 */
export async function adminCreate(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    process.env.LOG_LEVEL ??= 'warn';
    loadConfig();
    const password = await readPassword();
    const input = (await validationPipe.transform(
      { email: args.email, displayName: args.displayName, password, role: Role.SECRETARIAT },
      { type: 'body', metatype: CreateAccountInput, data: 'input' },
    )) as CreateAccountInput;
    const app = await createApp();
    await app.init();
    try {
      const user = await app.get(IdentityService).createAccount(input, SYSTEM_ACTOR);
      process.stdout.write(`secretariat account created: ${user.email} (id ${user.id})\n`);
    } finally {
      await app.close();
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) console.error(`${e.message}\n${USAGE}`);
    else if (e instanceof DomainError) console.error(`refused (${e.code}): ${e.messages.en} / ${e.messages.ja}`);
    else console.error(e instanceof ConfigError ? e.message : e);
    return 1;
  }
}

if (require.main === module) void adminCreate(process.argv.slice(2)).then((code) => process.exit(code));
