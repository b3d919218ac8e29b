import { Kind, parse, print, visit, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

/**
 * Entity fetches to one subgraph sent as one request (gateway/index.ts, ForwardingDataSource).
 *
 * The query planner gives every entity fetch of a plan its own fetch, and `@apollo/gateway` sends
 * fetches that run side by side (a plan's Parallel node: a case review's panel and its chair, both
 * agencies of the consent subgraph) as separate requests. Sent as one operation, each fetch's
 * `_entities` field aliased `_e0`, `_e1`, … with its variables and fragments renamed apart, the
 * subgraph parses, authenticates, decides and logs once, and its DataLoaders batch across them.
 * The answer is split back: each fetch gets its own `_entities` and the errors on its alias.
 */

/** What the merge needs of one entity fetch. */
export interface EntityFetch {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  /** The parsed `query`, when the planner gives it (saves a parse). */
  document?: DocumentNode;
}

export interface MergedFetch {
  query: string;
  operationName: string;
  variables: Record<string, unknown>;
}

/** The alias of the i-th fetch's `_entities` field in a merged operation. */
export const entitiesAlias = (i: number) => `_e${i}`;

/**
 * The operation when `document` is an entity fetch that can be merged: a query whose only field is
 * an unaliased `_entities` (what the planner sends for every entity fetch), no directives.
 */
export function entityOperation(document: DocumentNode): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) return undefined;
  const [op] = operations;
  if (op.operation !== 'query' || op.directives?.length || op.selectionSet.selections.length !== 1) return undefined;
  const [field] = op.selectionSet.selections;
  if (field.kind !== Kind.FIELD || field.name.value !== '_entities' || field.alias || field.directives?.length) return undefined;
  return op;
}

/**
 * Parses `query` (or takes the planner's document) and tells whether it is a mergeable entity
 * fetch. Documents are the plan's, few and repeated: parsed once each.
 */
const parsedDocuments = new Map<string, DocumentNode | null>();
export function mergeableEntityFetch(query: string, document?: DocumentNode): DocumentNode | undefined {
  let doc = parsedDocuments.get(query);
  if (doc === undefined) {
    try {
      const candidate = document ?? parse(query);
      doc = entityOperation(candidate) ? candidate : null;
    } catch {
      doc = null;
    }
    if (parsedDocuments.size >= 1_000) parsedDocuments.clear();
    parsedDocuments.set(query, doc);
  }
  return doc ?? undefined;
}

/** The i-th fetch's name for its variable `name`: `p<i>_<name>` (distinct across fetches, its own prefix). */
const variableName = (i: number, name: string) => `p${i}_${name}`;

interface MergedShape {
  query: string;
  operationName: string;
  /** For each fetch, its variables' names in the merged operation. */
  variableNames: Array<Map<string, string>>;
}

/** The merged text for a sequence of fetch documents: the same plan gives the same sequences, merged once. */
const mergedShapes = new Map<string, MergedShape>();

function mergeShape(fetches: Array<{ query: string; document: DocumentNode; operationName?: string }>): MergedShape {
  const key = fetches.map((f) => f.query).join('\u0000');
  const cached = mergedShapes.get(key);
  if (cached) return cached;

  const variableDefinitions: string[] = [];
  const fields: string[] = [];
  /** Merged fragment name → its printed definition. */
  const fragments = new Map<string, string>();
  const variableNames: Array<Map<string, string>> = [];

  fetches.forEach((f, i) => {
    const names = new Map<string, string>();
    // Every variable of this fetch gets its own name (in definitions, fields and fragments alike).
    const renamedVariables = visit(f.document, {
      Variable: (node) => {
        const renamed = variableName(i, node.name.value);
        names.set(node.name.value, renamed);
        return { ...node, name: { ...node.name, value: renamed } };
      },
    });
    variableNames.push(names);

    const own = renamedVariables.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
    const printed = new Map(own.map((d) => [d.name.value, print(d)]));
    // A fragment that another fetch already defines word for word is shared; when any of this
    // fetch's fragment names is taken by a different definition, all of its fragments are renamed
    // (together, so that spreads between them stay consistent).
    const clash = [...printed].some(([name, text]) => fragments.has(name) && fragments.get(name) !== text);
    let document = renamedVariables;
    if (clash) {
      const renames = new Map<string, string>();
      for (const name of printed.keys()) {
        let renamed = `${name}_${i}`;
        while (fragments.has(renamed) || printed.has(renamed) || [...renames.values()].includes(renamed)) renamed += '_';
        renames.set(name, renamed);
      }
      const rename = <T extends { name: { value: string } }>(node: T): T => ({ ...node, name: { ...node.name, value: renames.get(node.name.value) ?? node.name.value } });
      document = visit(renamedVariables, { FragmentSpread: rename, FragmentDefinition: rename });
    }
    for (const d of document.definitions) {
      if (d.kind === Kind.FRAGMENT_DEFINITION) {
        if (!fragments.has(d.name.value)) fragments.set(d.name.value, print(d));
      } else if (d.kind === Kind.OPERATION_DEFINITION) {
        for (const v of d.variableDefinitions ?? []) variableDefinitions.push(print(v));
        const [field] = d.selectionSet.selections;
        fields.push(`${entitiesAlias(i)}: ${print(field)}`);
      }
    }
  });

  const operationName = fetches[0].operationName ?? 'EntityFetches';
  const shape: MergedShape = {
    query: `query ${operationName}${variableDefinitions.length ? `(${variableDefinitions.join(', ')})` : ''} {\n${fields.join('\n')}\n}${[...fragments.values()].map((f) => `\n\n${f}`).join('')}`,
    operationName,
    variableNames,
  };
  if (mergedShapes.size >= 1_000) mergedShapes.clear();
  mergedShapes.set(key, shape);
  return shape;
}

/** One operation asking what every fetch asks (each must be `mergeableEntityFetch`), with all their variables. */
export function mergeEntityFetches(fetches: EntityFetch[]): MergedFetch {
  const parsed = fetches.map((f) => {
    const document = mergeableEntityFetch(f.query, f.document);
    if (!document) throw new Error('Not a mergeable entity fetch');
    return { query: f.query, document, operationName: f.operationName };
  });
  const shape = mergeShape(parsed);
  const variables: Record<string, unknown> = {};
  fetches.forEach((f, i) => {
    for (const [name, value] of Object.entries(f.variables ?? {})) variables[shape.variableNames[i].get(name) ?? variableName(i, name)] = value;
  });
  return { query: shape.query, operationName: shape.operationName, variables };
}

interface GraphQLErrorLike {
  path?: ReadonlyArray<string | number>;
  [key: string]: unknown;
}

export interface EntityResponse {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<GraphQLErrorLike>;
  extensions?: Record<string, unknown>;
}

/**
 * The merged answer as `count` answers, one per fetch in merge order: its own `_entities` (no data
 * when its alias came back null or missing, as the fetch alone would have had), the errors whose
 * path starts at its alias (the path then starting at `_entities`), and every error that names no
 * alias (a failure of the whole request is each fetch's failure, as it would have been alone).
 */
export function splitEntityResponse(response: EntityResponse, count: number): EntityResponse[] {
  const aliases = new Map(Array.from({ length: count }, (_, i) => [entitiesAlias(i), i]));
  const errors: GraphQLErrorLike[][] = Array.from({ length: count }, () => []);
  for (const e of response.errors ?? []) {
    const head = e.path?.[0];
    const i = typeof head === 'string' ? aliases.get(head) : undefined;
    if (i === undefined) errors.forEach((list) => list.push(e));
    else errors[i].push({ ...e, path: ['_entities', ...e.path!.slice(1)] });
  }
  return errors.map((own, i) => {
    const entities = response.data?.[entitiesAlias(i)];
    const part: EntityResponse = { data: entities == null ? (response.data === undefined ? undefined : null) : { _entities: entities } };
    if (own.length) part.errors = own;
    if (response.extensions) part.extensions = response.extensions;
    return part;
  });
}
