// Which Meilisearch servers the app supports, checked against GET /version before the
// first write. The index settings need `localizedAttributes`, which servers before 1.10
// reject; the app was written against the 1.x API (checked against the server's source up
// to 1.50). A 1.x server older than 1.10 is refused with a message naming the version; a
// later major version is used with a warning, since its API may have changed.
export const MIN_SERVER_VERSION = { major: 1, minor: 10 } as const;
/** The first major version not checked against. */
export const UNTESTED_MAJOR = 2;
export const SUPPORTED_RANGE = `>= ${MIN_SERVER_VERSION.major}.${MIN_SERVER_VERSION.minor} and < ${UNTESTED_MAJOR}.0`;

export type VersionVerdict =
  | { ok: true; version: string; warning?: string }
  | { ok: false; version: string; reason: string };

/** Reads "1.12.3" (or "v1.12.3", "1.13.0-rc.1") and says whether the app can use it. */
export function judgeServerVersion(pkgVersion: string): VersionVerdict {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(pkgVersion.trim());
  if (!m) return { ok: false, version: pkgVersion, reason: `Meilisearch reported an unreadable version "${pkgVersion.slice(0, 40)}"; this app supports ${SUPPORTED_RANGE}` };
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const version = m[0].replace(/^v/, '');
  if (major < MIN_SERVER_VERSION.major || (major === MIN_SERVER_VERSION.major && minor < MIN_SERVER_VERSION.minor)) {
    return {
      ok: false,
      version,
      reason: `Meilisearch ${version} is too old: this app needs ${MIN_SERVER_VERSION.major}.${MIN_SERVER_VERSION.minor} or later (the index settings use localizedAttributes); supported: ${SUPPORTED_RANGE}`,
    };
  }
  if (major >= UNTESTED_MAJOR) {
    return { ok: true, version, warning: `Meilisearch ${version} is newer than this app was checked against (${SUPPORTED_RANGE}); watch for errors` };
  }
  return { ok: true, version };
}
