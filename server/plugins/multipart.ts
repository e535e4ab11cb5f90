// A small multipart/form-data parser for the upload form (one file and a few fields),
// registered only in the scope of the routes that take uploads. The whole body is read
// into memory up to the route's limit (UPLOAD_MAX_BYTES plus room for the fields), which
// is fine for the sizes editors upload and keeps the app free of another dependency.
import type { FastifyInstance } from 'fastify';
import type { FormBody } from './sessions.ts';

export interface UploadedFile {
  field: string;
  filename: string;
  data: Buffer;
}

export type MultipartBody = FormBody & { [FILES]?: UploadedFile[] };
export const FILES = Symbol('files');

export function parseMultipart(body: Buffer, contentType: string): MultipartBody {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!match) throw Object.assign(new Error('multipart body without a boundary'), { statusCode: 400 });
  const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
  const out: MultipartBody = {};
  const files: UploadedFile[] = [];
  let start = body.indexOf(boundary);
  while (start !== -1) {
    const next = body.indexOf(boundary, start + boundary.length);
    if (next === -1) break;
    const part = body.subarray(start + boundary.length + 2, next - 2); // skip CRLF after the boundary and before the next
    start = next;
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const data = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (!name) continue;
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    if (filename !== undefined) {
      if (filename !== '' || data.length > 0) files.push({ field: name, filename, data: Buffer.from(data) });
    } else {
      const value = data.toString('utf8');
      const prev = out[name];
      out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
  }
  out[FILES] = files;
  return out;
}

/** Lets the routes of `app`'s scope accept multipart bodies up to `limit` bytes. */
export function acceptMultipart(app: FastifyInstance, limit: number): void {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: limit }, (request, body, done) => {
    try {
      done(null, parseMultipart(body as Buffer, String(request.headers['content-type'] ?? '')));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
