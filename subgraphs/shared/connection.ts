import { Directive, Field, ObjectType } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import { badInput } from '../../platform/errors';
import { NotPersonal } from './declarations';

/** Relay cursor connections for long lists (`first`/`after`), shared by every subgraph. */
@ObjectType({ description: 'Relay page information' })
@Directive('@shareable')
export class PageInfo {
  @NotPersonal()
  @Field(() => Boolean) hasNextPage!: boolean;
  @NotPersonal()
  @Field(() => String, { nullable: true }) endCursor?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** Makes `<Name>Edge` and `<Name>Connection` types for a node type. */
export function connectionOf<T extends object>(Node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @NotPersonal()
    @Field(() => String) cursor!: string;
    @NotPersonal()
    @Field(() => Node) node!: T;
  }
  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @NotPersonal()
    @Field(() => [EdgeType]) edges!: EdgeType[];
    @NotPersonal()
    @Field(() => PageInfo) pageInfo!: PageInfo;
  }
  return { EdgeType, ConnectionType };
}

export const encodeCursor = (value: string) => Buffer.from(`c:${value}`).toString('base64url');

export function decodeCursor(cursor: string | null | undefined, field = 'after'): string | undefined {
  if (!cursor) return undefined;
  const raw = Buffer.from(cursor, 'base64url').toString();
  if (!raw.startsWith('c:')) throw badInput('Invalid cursor', field);
  return raw.slice(2);
}

export function pageSize(first: number | null | undefined, max = 500, dflt = 50): number {
  if (first == null) return dflt;
  if (!Number.isInteger(first) || first < 1 || first > max) throw badInput(`first must be between 1 and ${max}`, 'first');
  return first;
}

/** Builds a page from `limit + 1` fetched rows. */
export function toConnection<T>(rows: T[], limit: number, cursorOf: (row: T) => string): ConnectionShape<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
}
