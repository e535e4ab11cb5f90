// Files for resources (slides, reports, images). The type is read from the file's first
// bytes, never from its name or the browser's say; the file is stored under UPLOAD_DIR with
// a generated name; the original name is kept only for Content-Disposition.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { UserError } from '../../errors.ts';

export interface FileType {
  ext: 'pdf' | 'png' | 'jpg' | 'pptx' | 'docx' | 'xlsx';
  mime: string;
  /** Images are shown in the page; everything else is downloaded. */
  inline: boolean;
}

const startsWith = (buf: Buffer, bytes: number[]) => bytes.every((b, i) => buf[i] === b);

/** The type of a file from its content (magic bytes), or null when it is not one we take. */
export function detectFileType(buf: Buffer): FileType | null {
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { ext: 'pdf', mime: 'application/pdf', inline: false };
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ext: 'png', mime: 'image/png', inline: true };
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { ext: 'jpg', mime: 'image/jpeg', inline: true };
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    // Office Open XML is a zip whose entries name the application's folder; a plain zip is refused.
    const names = buf.subarray(0, Math.min(buf.length, 4 * 1024 * 1024)).toString('latin1');
    if (!names.includes('[Content_Types].xml')) return null;
    if (names.includes('ppt/')) return { ext: 'pptx', mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', inline: false };
    if (names.includes('word/')) return { ext: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', inline: false };
    if (names.includes('xl/')) return { ext: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', inline: false };
  }
  return null;
}

export const UPLOAD_NAME_RE = /^[a-f0-9]{32}\.(pdf|png|jpg|pptx|docx|xlsx)$/;

export interface StoredUpload {
  name: string;
  originalName: string;
  contentType: string;
  size: number;
}

/** Checks and stores a file; a wrong type or size is a UserError (400/413) saying so. */
export function storeUpload(
  sqlite: Database.Database,
  options: { dir: string; maxBytes: number },
  file: { data: Buffer; filename: string },
  userId: number | null,
): StoredUpload {
  if (file.data.length === 0) throw new UserError(400, [{ key: 'admin.upload.empty' }]);
  if (file.data.length > options.maxBytes) {
    throw new UserError(413, [{ key: 'admin.upload.tooLarge', params: { max: Math.floor(options.maxBytes / (1024 * 1024)) || 1 } }]);
  }
  const type = detectFileType(file.data);
  if (!type) throw new UserError(400, [{ key: 'admin.upload.type' }]);
  const name = `${randomBytes(16).toString('hex')}.${type.ext}`;
  fs.mkdirSync(options.dir, { recursive: true });
  fs.writeFileSync(path.join(options.dir, name), file.data, { flag: 'wx' });
  // Only the name's last part, without control characters, and not too long.
  const originalName = path.basename(file.filename.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f"]/g, '').slice(0, 200) || name;
  sqlite
    .prepare(`INSERT INTO uploads (name, original_name, content_type, size, user_id) VALUES (?, ?, ?, ?, ?)`)
    .run(name, originalName, type.mime, file.data.length, userId);
  return { name, originalName, contentType: type.mime, size: file.data.length };
}

export function findUpload(sqlite: Database.Database, name: string): StoredUpload | null {
  if (!UPLOAD_NAME_RE.test(name)) return null;
  const row = sqlite.prepare(`SELECT name, original_name, content_type, size FROM uploads WHERE name = ?`).get(name) as
    | { name: string; original_name: string; content_type: string; size: number }
    | undefined;
  return row ? { name: row.name, originalName: row.original_name, contentType: row.content_type, size: row.size } : null;
}
