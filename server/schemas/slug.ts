/** What a record slug may look like; anything else cannot exist and is a 404. */
export const SLUG_RE = /^[a-z0-9][a-z0-9-]{0,159}$/;
