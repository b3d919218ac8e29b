import { parseArgs } from 'node:util';

/**
 * The one argument parser of every `npm run <command>` (node:util parseArgs, strict): `--help` for
 * each, one-line errors without stack traces, exit 2 for a usage error and 1 for a failure.
 * LOG_LEVEL=debug (or trace) adds the stack for a developer chasing a failure.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  default?: string | boolean;
  /** Shown in --help, e.g. `<file>`. */
  value?: string;
  description: string;
}

export interface CommandSpec<O extends Record<string, OptionSpec>> {
  /** As typed after `npm run`, e.g. `migration:create`. */
  name: string;
  summary: string;
  /** Positional arguments as shown in usage, e.g. `<personId>`. */
  args?: string;
  /** How many positionals are allowed. Default: none. */
  positionals?: { readonly min?: number; readonly max?: number };
  options: O;
  /** Further lines for --help (examples, environment). */
  details?: readonly string[];
}

type Values<O extends Record<string, OptionSpec>> = {
  [K in keyof O]: O[K]['type'] extends 'boolean'
    ? boolean | undefined
    : O[K]['multiple'] extends true
      ? string[] | undefined
      : O[K]['default'] extends string
        ? string
        : string | undefined;
};

/** A wrong invocation: printed with a pointer to --help, exit 2. */
export class UsageError extends Error {}
/** A failure with a message meant for the user as it is (exit 1, or the code given). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function helpText<O extends Record<string, OptionSpec>>(spec: CommandSpec<O>): string {
  const opts = Object.entries(spec.options).map(([k, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${k}${o.type === 'string' ? ` ${o.value ?? '<value>'}` : ''}`;
    const def = o.default !== undefined && o.default !== false ? ` (default: ${o.default})` : '';
    return [flag, `${o.description}${def}${o.multiple ? '; may be repeated' : ''}`];
  });
  opts.push(['-h, --help', 'show this help']);
  const width = Math.max(...opts.map(([f]) => f.length));
  return [
    `usage: npm run ${spec.name} --${spec.args ? ` ${spec.args}` : ''} [options]`,
    '',
    spec.summary,
    '',
    'options:',
    ...opts.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`),
    ...(spec.details?.length ? ['', ...spec.details] : []),
  ].join('\n');
}

/** Parses argv against the spec; throws UsageError for anything the spec does not allow. */
export function parseCommand<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  argv: string[],
): { values: Values<O>; positionals: string[]; help: boolean } {
  if (argv.includes('--help') || argv.includes('-h')) return { values: {} as Values<O>, positionals: [], help: true };
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([k, o]) => [
      k,
      {
        type: o.type,
        ...(o.multiple ? { multiple: true } : {}),
        ...(o.short ? { short: o.short } : {}),
        ...(o.default !== undefined ? { default: o.default as string } : {}),
      },
    ]),
  );
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const e = err as { code?: string; message: string };
    const quoted = /'([^']+)'/.exec(e.message)?.[1];
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${quoted ?? ''}`.trim());
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`${(quoted ?? 'an option').replace(/ <value>$/, '')} needs a value`);
    throw new UsageError(e.message.split('. ')[0]);
  }
  const { min = 0, max = min } = spec.positionals ?? {};
  if (parsed.positionals.length < min) throw new UsageError(`missing ${spec.args ?? 'arguments'}`);
  if (parsed.positionals.length > max) throw new UsageError(`unexpected argument ${parsed.positionals[max]}`);
  return { values: parsed.values as Values<O>, positionals: parsed.positionals, help: false };
}

const DB_UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', '57P03', '08001', '08006']);

/** Where DATABASE_URL points, without its password. */
function databaseTarget(): string {
  const raw = process.env.DATABASE_URL;
  if (!raw) return 'the embedded PostgreSQL';
  try {
    const u = new URL(raw);
    return `${u.hostname}:${u.port || 5432}${u.pathname} (DATABASE_URL)`;
  } catch {
    return 'DATABASE_URL';
  }
}

/**
 * One line for an error: the database being unreachable says so; a database refusal gives its
 * SQLSTATE and never the SQL or the values in it; anything else its first line.
 */
export function describeError(err: unknown): string {
  const e = err as { code?: string; name?: string; message?: string; errors?: unknown[]; cause?: unknown } | undefined;
  if (!e) return String(err);
  const inner = [e, ...(e.errors ?? []), e.cause].filter(Boolean) as Array<{ code?: string; message?: string; errno?: unknown }>;
  const unreachable = inner.find((x) => DB_UNREACHABLE.has(String(x.code)) || /ECONNREFUSED|connect ETIMEDOUT|getaddrinfo/.test(x.message ?? ''));
  if (unreachable) return `cannot reach the database at ${databaseTarget()}: ${unreachable.code ?? 'connection refused'}`;
  if (e.code === '28P01' || e.code === '28000') return `the database at ${databaseTarget()} refused the credentials (${e.code})`;
  if (e.code === '3D000') return `the database named in ${databaseTarget()} does not exist (3D000)`;
  if (/Exception$/.test(e.name ?? '') && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
    return `the database refused the request (${e.name}, SQLSTATE ${e.code})`;
  }
  const message = e.message ?? String(err);
  // The configuration's own message lists each bad variable on a line of its own.
  if (message.startsWith('Invalid configuration')) return message.replace(/:?\n\s*/g, (m) => (m.startsWith(':') ? ': ' : '; '));
  return message.split('\n')[0];
}

/**
 * Runs a command: --help prints the help (exit 0); a usage error prints one line and a pointer to
 * --help (exit 2); a failure prints one line (exit 1, or CliError's code). `run` may set
 * process.exitCode itself (e.g. 1 when records were rejected).
 */
export async function runCommand<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  run: (args: { values: Values<O>; positionals: string[] }) => Promise<void> | void,
  argv = process.argv.slice(2),
): Promise<void> {
  const debug = /^(debug|trace)$/.test(process.env.LOG_LEVEL ?? '');
  try {
    const parsed = parseCommand(spec, argv);
    if (parsed.help) {
      console.log(helpText(spec));
      return;
    }
    await run(parsed);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${spec.name}: ${err.message} (see npm run ${spec.name} -- --help)`);
      process.exitCode = 2;
    } else {
      console.error(`${spec.name}: ${describeError(err)}`);
      if (debug && err instanceof Error) console.error(err.stack);
      process.exitCode = err instanceof CliError ? err.exitCode : 1;
    }
    // A failure may leave the embedded PostgreSQL or a pool open: stop it and leave now.
    // Loaded only now: commands without a database (token) do not pay for it.
    try {
      const database = require('../../subgraphs/shared/database') as typeof import('../../subgraphs/shared/database');
      await database.stopEmbeddedPostgres();
    } catch {
      // Nothing was started, or the configuration itself is what failed.
    }
    process.exit(process.exitCode);
  }
}
