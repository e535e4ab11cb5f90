// Editor and admin accounts. No Fastify types: routes and scripts call these.
import type Database from 'better-sqlite3';
import { UserError } from '../../errors.ts';
import { hashPassword, passwordProblem } from './passwords.ts';

export const ROLES = ['editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

interface UserRow {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  disabled: number;
  created_at: string;
  password_hash: string;
}

const toUser = (r: UserRow): User => ({ id: r.id, email: r.email, name: r.name, role: r.role, disabled: r.disabled === 1, createdAt: r.created_at });

/** E-mail as stored and compared: trimmed, lower case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isEmail(email: string): boolean {
  return /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/.test(email);
}

export function findUserById(sqlite: Database.Database, id: number): User | null {
  const row = sqlite.prepare(`SELECT * FROM users WHERE id = ?`).get(id) as UserRow | undefined;
  return row ? toUser(row) : null;
}

/** The account and its password hash, for login only. */
export function findLoginByEmail(sqlite: Database.Database, email: string): (User & { passwordHash: string }) | null {
  const row = sqlite.prepare(`SELECT * FROM users WHERE email = ?`).get(normaliseEmail(email)) as UserRow | undefined;
  return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
}

export function listUsers(sqlite: Database.Database): User[] {
  return (sqlite.prepare(`SELECT * FROM users ORDER BY email`).all() as UserRow[]).map(toUser);
}

export interface NewUser {
  email: string;
  password: string;
  role: Role;
  name?: string | null;
}

/** Creates an account; a bad e-mail, role or weak password is a UserError (400), a taken e-mail 409. */
export async function createUser(sqlite: Database.Database, input: NewUser): Promise<User> {
  const email = normaliseEmail(input.email);
  if (!isEmail(email)) throw new UserError(400, [{ key: 'account.email.invalid' }]);
  if (!ROLES.includes(input.role)) throw new UserError(400, [{ key: 'account.role.invalid' }]);
  const problem = passwordProblem(input.password, email);
  if (problem) throw new UserError(400, [{ key: problem }]);
  if (sqlite.prepare(`SELECT 1 FROM users WHERE email = ?`).get(email)) {
    throw new UserError(409, [{ key: 'account.email.taken', params: { email } }]);
  }
  const hash = await hashPassword(input.password);
  const info = sqlite
    .prepare(`INSERT INTO users (email, name, password_hash, role) VALUES (?, ?, ?, ?)`)
    .run(email, input.name?.trim() || null, hash, input.role);
  return findUserById(sqlite, Number(info.lastInsertRowid))!;
}

/**
 * Changes an account's role or disabled flag. The last active admin cannot be demoted or
 * disabled (nobody could manage accounts any more). Disabling ends the user's sessions.
 */
export function updateUser(sqlite: Database.Database, id: number, change: { role?: Role; disabled?: boolean }): User {
  const user = findUserById(sqlite, id);
  if (!user) throw new UserError(404, [{ key: 'error.notFound' }]);
  if (change.role !== undefined && !ROLES.includes(change.role)) throw new UserError(400, [{ key: 'account.role.invalid' }]);
  const role = change.role ?? user.role;
  const disabled = change.disabled ?? user.disabled;
  const losesAdmin = user.role === 'admin' && !user.disabled && (role !== 'admin' || disabled);
  const otherAdmins = sqlite.prepare(`SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?`).pluck().get(id) as number;
  if (losesAdmin && otherAdmins === 0) throw new UserError(409, [{ key: 'account.lastAdmin' }]);
  sqlite.transaction(() => {
    sqlite.prepare(`UPDATE users SET role = ?, disabled = ? WHERE id = ?`).run(role, disabled ? 1 : 0, id);
    if (disabled) sqlite.prepare(`DELETE FROM sessions WHERE user_id = ?`).run(id);
  })();
  return findUserById(sqlite, id)!;
}
