import { Field, Float, InputType, Int, ObjectType, type ClassType } from 'type-graphql';
import { z } from 'zod';

/**
 * GraphQL object and input types built from a zod schema, so that a record declared once (its
 * fields, their validation, their descriptions) is the zod schema, the TypeScript type
 * (`z.output`), the type-graphql output type and the input type alike: a field added to the
 * schema is in all of them (e.g. the threshold parameters, subgraphs/triggers/rules/threshold-parameters.ts).
 *
 * Every field's GraphQL type is given explicitly to `@Field` (no reflected metadata), read from the
 * schema: `z.number().int()` Int, other numbers Float, `z.string()` String, `z.boolean()` Boolean,
 * `z.date()` Date, arrays lists, `.nullable()`/`.optional()` nullable, a nested `z.object` a type of
 * its own, named with `graphqlNames`. A field's description is its `.describe()`.
 */

export interface GraphqlNames {
  /** The object type's name. */
  output: string;
  /** The input type's name; none when its fields only ever join another input (`addFields`). */
  input?: string;
  description?: string;
}

const names = new WeakMap<z.ZodTypeAny, GraphqlNames>();

/** Names a nested object schema's GraphQL types (required for every `z.object` built into one). Returns the schema. */
export function graphqlNames<T extends z.AnyZodObject>(schema: T, n: GraphqlNames): T {
  names.set(schema, n);
  return schema;
}

export interface OutputFieldOptions {
  /** Decorators applied beside each output field's `@Field`: its access declaration (shared/declarations.ts). */
  decorate: (field: string) => PropertyDecorator[];
}

type Kind = 'output' | 'input';
type TypeRef = () => unknown;

interface FieldType {
  type: TypeRef;
  nullable: boolean;
  description?: string;
}

/** The schema under its wrappers: optional/nullable make the field nullable; transforms and defaults are validation only. */
function unwrap(schema: z.ZodTypeAny): { inner: z.ZodTypeAny; nullable: boolean; description?: string } {
  let s = schema;
  let nullable = false;
  const description = schema.description;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) {
      nullable = true;
      s = s.unwrap();
    } else if (s instanceof z.ZodEffects) s = s.innerType();
    else if (s instanceof z.ZodDefault) s = s.removeDefault();
    else return { inner: s, nullable, description };
  }
}

function typeOf(schema: z.ZodTypeAny, kind: Kind, opts: OutputFieldOptions | undefined, path: string): TypeRef {
  const { inner } = unwrap(schema);
  if (inner instanceof z.ZodNumber) return inner.isInt ? () => Int : () => Float;
  if (inner instanceof z.ZodString) return () => String;
  if (inner instanceof z.ZodBoolean) return () => Boolean;
  if (inner instanceof z.ZodDate) return () => Date;
  if (inner instanceof z.ZodArray) {
    const element = typeOf(inner.element as z.ZodTypeAny, kind, opts, path);
    return () => [element()];
  }
  if (inner instanceof z.ZodObject) {
    const cls = classOf(inner, kind, opts, path);
    return () => cls;
  }
  throw new Error(`zod-graphql: ${path} has a type with no GraphQL counterpart`);
}

function fieldType(schema: z.ZodTypeAny, kind: Kind, opts: OutputFieldOptions | undefined, path: string): FieldType {
  const { nullable, description } = unwrap(schema);
  return { type: typeOf(schema, kind, opts, path), nullable, description };
}

const built: Record<Kind, WeakMap<z.AnyZodObject, ClassType>> = { output: new WeakMap(), input: new WeakMap() };

/** Adds a field per key of `shape`, in its order, to `target` (an object type's or input type's class). */
export function addFields(target: ClassType, shape: z.ZodRawShape, kind: Kind, opts?: OutputFieldOptions, path = target.name): void {
  for (const [name, schema] of Object.entries(shape)) {
    const f = fieldType(schema, kind, opts, `${path}.${name}`);
    const decorators: PropertyDecorator[] = [
      Field(f.type as () => ClassType, { nullable: f.nullable || undefined, description: f.description }),
      ...(kind === 'output' && opts ? opts.decorate(name) : []),
    ];
    for (const d of decorators) d(target.prototype, name);
  }
}

function classOf(schema: z.AnyZodObject, kind: Kind, opts: OutputFieldOptions | undefined, path: string): ClassType {
  const done = built[kind].get(schema);
  if (done) return done;
  const n = names.get(schema);
  if (!n) throw new Error(`zod-graphql: ${path} is an object with no graphqlNames`);
  const name = kind === 'output' ? n.output : n.input;
  if (!name) throw new Error(`zod-graphql: ${path} has no input type name`);
  // A named class per type, so that type-graphql's metadata (kept per class) stays apart.
  const cls = { [name]: class {} }[name] as ClassType;
  built[kind].set(schema, cls);
  addFields(cls, schema.shape, kind, opts, name);
  if (kind === 'output') ObjectType(name, { description: n.description })(cls);
  else InputType(name, { description: n.description })(cls);
  return cls;
}

/** The object type of a named object schema (its nested objects' too): its fields decorated by `opts`. */
export function objectTypeOf<T extends z.AnyZodObject>(schema: T, opts: OutputFieldOptions): ClassType<z.output<T>> {
  return classOf(schema, 'output', opts, names.get(schema)?.output ?? 'object') as ClassType<z.output<T>>;
}

/** The input type of a named object schema (its nested objects' too). */
export function inputTypeOf<T extends z.AnyZodObject>(schema: T): ClassType<z.input<T>> {
  return classOf(schema, 'input', undefined, names.get(schema)?.input ?? 'object') as ClassType<z.input<T>>;
}
