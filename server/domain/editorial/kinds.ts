// The record kinds editors work on: table, URL segment, input schema and ref prefix.
import type { TObject } from '@sinclair/typebox';
import {
  AreaInputSchema,
  EventInputSchema,
  InitiativeInputSchema,
  OrganisationInputSchema,
  ProgrammeInputSchema,
  ResourceInputSchema,
  type CatalogueInput,
} from '../../schemas/catalogue.ts';
import type { RecordKind, RecordState } from '../../../db/schema.ts';

export interface KindInfo {
  kind: RecordKind;
  table: string;
  /** The URL segment under /admin and the CatalogueInput key. */
  plural: 'initiatives' | 'areas' | 'programmes' | 'organisations' | 'events' | 'resources';
  schema: TObject;
  refPrefix: string;
  /** The record's title fields, first present wins (for lists and new slugs). */
  titleFields: string[];
}

export const KINDS: Record<RecordKind, KindInfo> = {
  initiative: { kind: 'initiative', table: 'initiatives', plural: 'initiatives', schema: InitiativeInputSchema, refPrefix: 'I', titleFields: ['titleNb', 'titleEn', 'titleOriginal'] },
  area: { kind: 'area', table: 'areas', plural: 'areas', schema: AreaInputSchema, refPrefix: 'A', titleFields: ['name'] },
  programme: { kind: 'programme', table: 'programmes', plural: 'programmes', schema: ProgrammeInputSchema, refPrefix: 'P', titleFields: ['nameNb', 'nameOriginal', 'nameEn'] },
  organisation: { kind: 'organisation', table: 'organisations', plural: 'organisations', schema: OrganisationInputSchema, refPrefix: 'O', titleFields: ['name'] },
  event: { kind: 'event', table: 'events', plural: 'events', schema: EventInputSchema, refPrefix: 'E', titleFields: ['name.nb', 'name.en'] },
  resource: { kind: 'resource', table: 'resources', plural: 'resources', schema: ResourceInputSchema, refPrefix: 'R', titleFields: ['titleNb', 'titleEn', 'titleOriginal'] },
};

export const KIND_LIST = Object.values(KINDS);

export function kindByPlural(plural: string): KindInfo | null {
  return KIND_LIST.find((k) => k.plural === plural) ?? null;
}

export type RecordInput = CatalogueInput[KindInfo['plural']][number];
export type { RecordState };

/** A value at a dotted path (`name.nb`). */
export function valueAt(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** The title to show for a record input. */
export function titleOfInput(info: KindInfo, input: unknown): string {
  for (const f of info.titleFields) {
    const v = valueAt(input, f);
    if (typeof v === 'string' && v.trim()) return v;
  }
  return String((input as { ref?: string }).ref ?? '');
}
