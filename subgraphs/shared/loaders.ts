import DataLoader from 'dataloader';
import type { EntityClass, EntityManager, FilterQuery } from '@mikro-orm/core';

/**
 * Per-request DataLoaders. Every reference resolver and list field goes through one of these so
 * that N parents cost one SQL statement, not N. A registry lives on the request context; loaders are
 * created on first use and memoise within the request only.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>, cacheKeyFn?: (key: K) => string): DataLoader<K, V> {
    let loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V, unknown>(batch, { cacheKeyFn, maxBatchSize: 5_000 });
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

interface LoaderContext {
  em: EntityManager;
  loaders: LoaderRegistry;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Loads entities by primary key `id`, one `where id in (...)` per request tick. An id that cannot be
 * a key of the table (not a UUID where the key is one) is simply not found: it never reaches SQL.
 */
export function byIdLoader<T extends { id: string }>(ctx: LoaderContext, entity: EntityClass<T>): DataLoader<string, T | null> {
  return ctx.loaders.get<string, T | null>(`${entity.name}#id`, async (ids) => {
    const meta = ctx.em.getMetadata().get(entity.name);
    const uuidKey = meta.properties[meta.primaryKeys[0] as keyof typeof meta.properties]?.type === 'uuid';
    const wanted = uuidKey ? ids.filter((id) => UUID.test(id)) : [...ids];
    const rows = wanted.length ? await ctx.em.find(entity, { id: { $in: wanted } } as unknown as FilterQuery<T>) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * Loads the rows whose `field` equals each key, grouped per key, in one statement per tick.
 * `where` narrows all groups alike (e.g. a date bound), and `name` must differ when it does.
 */
export function groupedLoader<T extends object>(
  ctx: LoaderContext,
  entity: EntityClass<T>,
  field: keyof T & string,
  opts: { name?: string; where?: FilterQuery<T>; orderBy?: Record<string, 'asc' | 'desc'> } = {},
): DataLoader<string, T[]> {
  return ctx.loaders.get<string, T[]>(`${entity.name}#${field}#${opts.name ?? ''}`, async (keys) => {
    const where = { [field]: { $in: [...keys] }, ...(opts.where as object) } as FilterQuery<T>;
    const rows = await ctx.em.find(entity, where, { orderBy: opts.orderBy as never });
    const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) {
      const value = (row as Record<string, unknown>)[field];
      // A many-to-one holds the related entity (or reference): group by its id.
      const key = value && typeof value === 'object' && 'id' in value ? String((value as { id: unknown }).id) : String(value);
      groups.get(key)?.push(row);
    }
    return keys.map((k) => groups.get(k) ?? []);
  });
}
