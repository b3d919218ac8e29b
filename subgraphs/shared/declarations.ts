import { Extensions } from 'type-graphql';
import type { Role } from '../../platform/auth';
import type { DataCategory } from './enums';

/**
 * What each field of the API is, declared where the field is declared (beside `@Field` or
 * `@FieldResolver`): personal data of a category, or not personal. The permission layer
 * (permission-layer.ts) is generated from these declarations and nothing else; a field without one
 * is refused, and test/permissions-coverage.test.ts fails on it.
 *
 * The data subject of a type's personal fields (whose data it is and which agencies supplied it)
 * is declared once on the class with `@DataSubject`; a field may name its own.
 */
export const ACCESS_EXTENSION = 'hubAccess';
export const SUBJECT_EXTENSION = 'hubSubject';

export interface PersonalSubject {
  /** The data subject; null when the record names nobody (then only its suppliers see it). */
  personId: string | null | undefined;
  /** The agencies that supplied the record (its controllers). */
  controllerAgencyIds: string[];
}

export type SubjectOf<P = never> = (parent: P) => PersonalSubject;

export interface NotPersonalDeclaration {
  personal: false;
  /** Only these roles may read the field (besides reaching its parent). */
  readers?: Role[];
  /** Only another subgraph of the hub (service credential) may read it. */
  serviceOnly?: boolean;
  /** A named scope check on the parent (see permission-layer.ts SCOPES), e.g. the review panel. */
  scope?: string;
  /** Why it is not personal, when it is not obvious (printed in docs/access-rules.md). */
  note?: string;
}

export interface PersonalDeclaration {
  personal: true;
  category: DataCategory;
  /** The subject when it differs from the type's `@DataSubject`. */
  subject?: SubjectOf<any>;
  /** Only these roles may read the field at all (before any decision). */
  readers?: Role[];
  /** An empty value has nothing to withhold: served as null without an error. */
  emptyIsNull?: boolean;
  /**
   * The field's own resolver decides per supplying agency (e.g. Person.givenName picks the value
   * the caller may see among several agencies' records); the layer adds the role check only.
   */
  decidedByResolver?: boolean;
  /** The value is not personal for parents where this holds (e.g. the hub's automatic findings). */
  notPersonalWhen?: (parent: any) => boolean;
  note?: string;
}

export type FieldDeclaration = NotPersonalDeclaration | PersonalDeclaration;

/** A field that is not personal data. */
export function NotPersonal(opts: Omit<NotPersonalDeclaration, 'personal'> = {}) {
  return Extensions({ [ACCESS_EXTENSION]: { personal: false, ...opts } satisfies NotPersonalDeclaration });
}

/** A field only other subgraphs read (service credential), not personal for them to route. */
export function ServiceOnly(note?: string) {
  return NotPersonal({ serviceOnly: true, note });
}

/** Personal data of `category`, about the type's data subject (or `opts.subject`). */
export function Personal(category: DataCategory, opts: Omit<PersonalDeclaration, 'personal' | 'category'> = {}) {
  return Extensions({ [ACCESS_EXTENSION]: { personal: true, category, ...opts } satisfies PersonalDeclaration });
}

/** On a class: whose data its personal fields are, and which agencies supplied it. */
export function DataSubject<P>(subject: SubjectOf<P>) {
  return Extensions({ [SUBJECT_EXTENSION]: subject });
}
