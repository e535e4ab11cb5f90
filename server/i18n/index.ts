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
  const template = (catalogues[locale] as Record<string, string>)[key] ?? (nb as Record<string, string>)[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const value = params[name];
    if (value === undefined) return m;
    // Counts get the locale's digit grouping; years and other numbers stay as they are.
    return typeof value === 'number' && COUNT_PARAMS.has(name) ? formatNumber(locale, value) : String(value);
  });
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
