/**
 * `npm run token -- --agency <agencyId> --role <role> [--role <role>] [--sub <userId>] [--ttl 1h] [--force]`
 * prints a signed JWT for local use (HS256 with JWT_SECRET). A `--ttl` longer than TOKEN_MAX_LIFETIME
 * (default 12h) is refused: the hub would refuse the token.
 *
 * The agency must be one the hub knows: a demo agency (seeds/demo-data.ts) or, with DATABASE_URL
 * set, one in the consent subgraph's agency table. `--force` mints one for any agency (to try what
 * the hub does with a stranger's token: nothing but FORBIDDEN).
 */
import pg from 'pg';
import { agencies as demoAgencies } from '../seeds/demo-data';
import { ROLES, signToken, type Role } from '../platform/auth';
import { runCommand, UsageError } from './lib/cli';

export const tokenCommand = {
  name: 'token',
  summary: 'Prints a signed development JWT (HS256 with JWT_SECRET) for the given agency and roles.',
  options: {
    agency: { type: 'string', value: '<agencyId>', description: 'the agency the caller belongs to (a demo agency, or one in the database)' },
    role: { type: 'string', multiple: true, value: `<${ROLES.join('|')}>`, description: 'a role (comma-separated or repeated)' },
    sub: { type: 'string', value: '<userId>', description: 'the subject (default: <role>.<agency>)' },
    ttl: { type: 'string', default: '1h', value: '<duration>', description: 'how long the token is valid, e.g. 15m, 8h' },
    force: { type: 'boolean', description: 'mint a token even for an agency the hub does not know' },
  },
  details: ['example: npm run --silent token -- --agency sevenoaks-dc --role spoc'],
} as const;

/** Agencies the hub knows: the demo ones, and with DATABASE_URL those in the database. */
export async function knownAgencies(databaseUrl = process.env.DATABASE_URL): Promise<Set<string>> {
  const known = new Set(demoAgencies.map((a) => a.id));
  if (!databaseUrl) return known;
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ id: string }>('select id from consent.agency');
    for (const r of rows) known.add(r.id);
  } catch {
    // The database may not be up or migrated yet: the demo agencies still count.
  } finally {
    await client.end().catch(() => undefined);
  }
  return known;
}

if (require.main === module) {
  void runCommand(tokenCommand, async ({ values }) => {
    const roles = (values.role ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
    if (!values.agency) throw new UsageError('--agency is required');
    if (!roles.length) throw new UsageError('--role is required');
    const bad = roles.filter((r) => !ROLES.includes(r as Role));
    if (bad.length) throw new UsageError(`unknown role ${bad.join(', ')} (roles: ${ROLES.join(', ')})`);
    if (!values.force && !(await knownAgencies()).has(values.agency)) {
      throw new UsageError(`unknown agency ${values.agency}: not a demo agency nor in the database (--force mints it anyway)`);
    }
    const token = await signToken({ sub: values.sub ?? `${roles[0]}.${values.agency}`, agency: values.agency, roles: roles as Role[], ttl: values.ttl });
    console.log(token);
  });
}
