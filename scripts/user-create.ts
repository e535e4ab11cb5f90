// npm run user:create -- --email someone@example.no --role admin [--name "Kari"] [--db FILE]
// Creates an editor or admin account. The password is asked for at a prompt (not
// echoed), or read from stdin when stdin is not a terminal (for scripts):
//   printf '%s\n' "$PASSWORD" | npm run user:create -- --email … --role editor
// Weak passwords are refused with the reason. The password is never printed or logged.
import { parseArgs } from 'node:util';
import readline from 'node:readline';
import { openDatabase, runMigrations } from '../db/client.ts';
import { loadConfig } from '../server/config.ts';
import { createUser, ROLES, type Role } from '../server/domain/accounts/users.ts';
import { UserError } from '../server/errors.ts';
import { t } from '../server/i18n/index.ts';

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
  }
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      // Echo nothing while the password is typed.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (s.startsWith(question)) process.stdout.write(question);
      };
      rl.question(question, (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Password: ');
  const second = await ask('Repeat the password: ');
  if (first !== second) throw new UserError(400, [{ key: 'account.password.mismatch' }]);
  return first;
}

async function main() {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, role: { type: 'string', default: 'editor' }, name: { type: 'string' }, db: { type: 'string' } },
  });
  if (!values.email) throw new Error('Give the e-mail address: npm run user:create -- --email someone@example.no --role admin');
  if (!ROLES.includes(values.role as Role)) throw new Error(`--role must be one of: ${ROLES.join(', ')}`);
  const file = values.db ?? loadConfig().DB_FILE;
  const handle = openDatabase(file);
  try {
    runMigrations(handle);
    const password = await readPassword();
    const user = await createUser(handle.sqlite, { email: values.email, password, role: values.role as Role, name: values.name });
    console.log(`Created ${user.role} ${user.email} (id ${user.id}) in ${file}`);
  } finally {
    handle.close();
  }
}

main().catch((err) => {
  const message = err instanceof UserError ? err.messages.map((m) => t('en', m.key, m.params)).join(' ') : (err as Error).message;
  console.error(`user:create failed: ${message}`);
  process.exit(1);
});
