/**
 * `npm run token -- --agency <agencyId> --role <role> [--role <role>] [--sub <userId>] [--ttl 1h]`
 * prints a signed JWT for local use (HS256 with JWT_SECRET). A `--ttl` longer than TOKEN_MAX_LIFETIME
 * (default 12h) is refused: the hub would refuse the token.
 */
import { parseArgs } from 'node:util';
import { ROLES, signToken, type Role } from '../subgraphs/shared/auth';

async function main() {
  const { values } = parseArgs({
    options: {
      agency: { type: 'string' },
      role: { type: 'string', multiple: true },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '1h' },
    },
  });
  const roles = (values.role ?? []).flatMap((r) => r.split(','));
  const bad = roles.filter((r) => !ROLES.includes(r as Role));
  if (!values.agency || roles.length === 0 || bad.length) {
    console.error(`usage: npm run token -- --agency <agencyId> --role <${ROLES.join('|')}> [--sub <userId>] [--ttl 1h]`);
    if (bad.length) console.error(`unknown role: ${bad.join(', ')}`);
    process.exit(2);
  }
  const token = await signToken({
    sub: values.sub ?? `${roles[0]}.${values.agency}`,
    agency: values.agency,
    roles: roles as Role[],
    ttl: values.ttl,
  });
  console.log(token);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
