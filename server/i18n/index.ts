// The one translation function. Templates and routes call t(); no UI string lives in a
// template. Locales: nb (default) and en.
import { nb, type MessageKey } from './nb.ts';
import { en } from './en.ts';
import type { Locale } from '../search/types.ts';

export type { MessageKey };
export const LOCALES: Locale[] = ['nb', 'en'];
export const catalogues: Record<Locale, Record<MessageKey, string>> = { nb, en };

const COUNT_PARAMS = new Set(['count', 'pages']);

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function t(locale: Locale, key: string, params?: Record<string, string | number>): string {
  // A count of one takes the key's ".one" form where there is one ("1 initiative").
  const singular = params?.count === 1 ? (catalogues[locale] as Record<string, string>)[`${key}.one`] : undefined;
  const template = singular ?? (catalogues[locale] as Record<string, string>)[key] ?? (nb as Record<string, string>)[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const value = params[name];
    if (value === undefined) return m;
    // Counts get the locale's digit grouping; years and other numbers stay as they are.
    return typeof value === 'number' && COUNT_PARAMS.has(name) ? formatNumber(locale, value) : String(value);
  });
}

/**
 * A validation message as a page shows it: a parameter the page offers as a field is
 * named by the field's label («Fra år»), the rest by the parameter. The inline message
 * beside a field and the 400 page use this same wording.
 */
export function messageText(locale: Locale, m: { key: string; params?: Record<string, string | number> }): string {
  const param = m.params?.param;
  const labelKey = `param.${String(param)}`;
  const label = param !== undefined && labelKey in catalogues[locale] ? t(locale, labelKey) : undefined;
  return t(locale, m.key, label === undefined ? m.params : { ...m.params, param: label });
}

export function translator(locale: Locale): Translate {
  return (key, params) => t(locale, key, params);
}

// One formatter per locale: creating an Intl.NumberFormat per call cost more than the
// facet counting on a large page (see docs/benchmarks.md).
const NUMBER_FORMATS: Record<Locale, Intl.NumberFormat> = {
  nb: new Intl.NumberFormat('nb-NO'),
  en: new Intl.NumberFormat('en-GB'),
};

export function formatNumber(locale: Locale, n: number): string {
  // Years and codes are passed as strings by callers; counts get grouping.
  return NUMBER_FORMATS[locale].format(n);
}

const DATE_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat('nb-NO', { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
};

/** A calendar date (YYYY-MM-DD) as the reader's language writes it: "3. desember 2026". */
export function formatDate(locale: Locale, isoDate: string): string {
  return DATE_FORMATS[locale].format(new Date(`${isoDate}T00:00:00Z`));
}
