import { z } from 'zod';
import { DEFAULT_PORTS } from './services';

/**
 * The hub's configuration, read once from the environment and validated. Every other module reads
 * settings from here, never from process.env directly, so that a bad value fails at start with a
 * message naming the variable.
 */
const DEV_JWT_SECRET = 'dev-only-asb-hub-secret-change-me-in-production';
const DEV_SERVICE_SECRET = 'dev-only-asb-hub-service-secret-change-me';
const DEV_AUDIT_LOG_KEY = 'dev-only-asb-hub-audit-log-key-change-me';
/** Secrets that were ever published in this repository as defaults: refused in production. */
export const PUBLISHED_DEV_SECRETS: readonly string[] = [DEV_JWT_SECRET, DEV_SERVICE_SECRET, DEV_AUDIT_LOG_KEY];


const port = z.coerce.number().int().min(0).max(65535);
/** An optional setting left empty (e.g. `NOTIFY_API_KEY: ${NOTIFY_API_KEY}` in docker-compose.yml, unset there) is unset. */
const unsetIfBlank = <T extends z.ZodTypeAny>(t: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), t.optional());

/** A duration such as `12h`, `30m`, `90s`, `2d` or a number of seconds, as seconds. */
export function parseDuration(value: string): number | undefined {
  const m = /^\s*(\d+)\s*(s|sec|m|min|h|hr|d|day)?s?\s*$/i.exec(value);
  if (!m) return undefined;
  const unit = { s: 1, sec: 1, m: 60, min: 60, h: 3600, hr: 3600, d: 86_400, day: 86_400 }[(m[2] ?? 's').toLowerCase() as 's'];
  return Number(m[1]) * unit;
}
const duration = z.string().transform((v, ctx) => {
  const seconds = parseDuration(v);
  if (seconds === undefined || seconds < 1) {
    ctx.addIssue({ code: 'custom', message: 'must be a duration such as 12h, 30m or 3600' });
    return z.NEVER;
  }
  return seconds;
});

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: port.default(4000),
    HOST: z.string().default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    DATABASE_URL: z.string().url().optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).default(10),
    EMBEDDED_PG_PORT: port.default(54329),
    EMBEDDED_PG_DIR: z.string().default('.data/postgres'),
    /** Benchmarks only (scripts/bench/production-env.ts): production mode on a throw-away embedded PostgreSQL. */
    EMBEDDED_PG_IN_PRODUCTION: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),

    JWT_SECRET: z.string().min(16).optional(),
    JWT_ISSUER: z.string().default('asb-hub'),
    JWT_AUDIENCE: z.string().default('asb-hub'),
    JWKS_URL: z.string().url().optional(),
    SERVICE_SECRET: z.string().min(16).optional(),
    /**
     * The access log's chain key (HMAC-SHA256), held by the consent subgraph and never by the
     * database, so that nobody with database access alone can rewrite the log and recompute it.
     * Required in production by the process that writes the log (consent/rules/audit-log.ts).
     */
    AUDIT_LOG_KEY: z.string().min(32).optional(),
    /** The id recorded with each row hashed under AUDIT_LOG_KEY (rotation: a new key gets a new id). */
    AUDIT_LOG_KEY_ID: z.string().regex(/^[A-Za-z0-9._-]{1,32}$/, 'must be 1–32 letters, digits, dots, dashes or underscores').default('k1'),
    /** Keys rotated out, still needed to verify older rows: `id=secret,id=secret`. */
    AUDIT_LOG_PREVIOUS_KEYS: z.string().optional(),
    /** How many rows at the start of the log were written before keyed chains (unkeyed SHA-256); any other unkeyed row is an alteration. */
    AUDIT_LOG_LEGACY_ROWS: z.coerce.number().int().min(0).default(0),
    /** Where signed checkpoints of the log's head are written (outside the database). */
    AUDIT_CHECKPOINT_DIR: z.string().default('.data/access-log-checkpoints'),
    /** How often the consent subgraph signs a checkpoint when the log has grown; 0: on demand only. */
    AUDIT_CHECKPOINT_MINUTES: z.coerce.number().min(0).default(60),
    /** The longest a user token may live (exp − iat, or exp − now without iat); longer ones are refused. In seconds once parsed. */
    TOKEN_MAX_LIFETIME: duration.default('12h'),
    /** How long a subgraph or the gateway trusts a "this agency is known" answer from the consent subgraph. */
    AGENCY_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),

    INCIDENTS_PORT: port.default(DEFAULT_PORTS.incidents),
    CONSENT_PORT: port.default(DEFAULT_PORTS.consent),
    TRIGGERS_PORT: port.default(DEFAULT_PORTS.triggers),
    REVIEWS_PORT: port.default(DEFAULT_PORTS.reviews),
    INCIDENTS_URL: z.string().url().optional(),
    CONSENT_URL: z.string().url().optional(),
    TRIGGERS_URL: z.string().url().optional(),
    REVIEWS_URL: z.string().url().optional(),

    MAX_QUERY_DEPTH: z.coerce.number().int().min(2).default(12),
    /** Share one subgraph fetch between identical simultaneous reads by the same caller (gateway/index.ts). */
    GATEWAY_DEDUPLICATE_READS: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** Send the entity fetches of one request that go to one subgraph together as one request (gateway/entity-batch.ts). */
    GATEWAY_BATCH_ENTITY_FETCHES: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    MAX_QUERY_COST: z.coerce.number().int().min(10).default(50_000),
    /** How long the gateway waits for one subgraph fetch before answering its fields SERVICE_UNAVAILABLE (gateway/index.ts). */
    GATEWAY_SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
    /** Gateway limits beside depth and cost (gateway/limits.ts). */
    MAX_QUERY_ALIASES: z.coerce.number().int().min(1).default(50),
    MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(1).default(50),
    MAX_QUERY_TOKENS: z.coerce.number().int().min(100).default(100_000),
    /** Gateway requests per bearer token per minute, per gateway process; 0 turns the limit off (gateway/rate-limit.ts). */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(3_000),
    /** The public online application form (gateway/apply/): submissions per client address and per authority per hour, page posts per address per minute; 0 turns a limit off. */
    APPLY_SUBMISSIONS_PER_HOUR: z.coerce.number().int().min(0).default(10),
    APPLY_AUTHORITY_SUBMISSIONS_PER_HOUR: z.coerce.number().int().min(0).default(500),
    APPLY_PAGES_PER_MINUTE: z.coerce.number().int().min(0).default(120),
    /** How long the applicant's own page link (platform/applicant-link.ts) works, in days. */
    APPLICANT_LINK_DAYS: z.coerce.number().int().min(1).max(730).default(180),
    /**
     * Express's `trust proxy` for the gateway (the public form's per-address rate limits read the
     * client address): unset or `false` trusts no proxy (the socket's address); a number trusts that
     * many hops; otherwise a comma-separated list of addresses, subnets or `loopback`,
     * `linklocal`, `uniquelocal`. `true` (trust every X-Forwarded-For) is refused: anyone could
     * then choose their own address.
     */
    TRUST_PROXY: z
      .string()
      .default('false')
      .refine((v) => v.trim().toLowerCase() !== 'true', 'must name the proxies (a hop count, addresses, subnets or loopback), not true'),
    /** The hub's public address, for links in letters and e-mails (the applicant's own page). */
    PUBLIC_BASE_URL: unsetIfBlank(z.string().url()),
    /**
     * The outbox (triggers/outbox/): how letters and e-mails leave the hub. `notify` (GOV.UK
     * Notify; the default in production) or `file` (a folder, OUTBOX_DIR; the default elsewhere,
     * refused in production: it delivers nothing and leaves personal data in plain files).
     */
    OUTBOX_ADAPTER: unsetIfBlank(z.enum(['notify', 'file'])),
    OUTBOX_DIR: z.string().default('.data/outbox'),
    /** How often the worker looks for messages to send; 0 stops the worker (another process sends). */
    OUTBOX_POLL_MS: z.coerce.number().int().min(0).max(3_600_000).default(2_000),
    OUTBOX_BATCH: z.coerce.number().int().min(1).max(500).default(20),
    /** Sending attempts before a message is reported FAILED. */
    OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
    /** The first retry's wait; each further one doubles it (capped at 6 hours). */
    OUTBOX_RETRY_BASE_SECONDS: z.coerce.number().min(0.01).max(86_400).default(60),
    /** GOV.UK Notify: the API key (`name-serviceid-secret`), the API's base URL and the templates (each with ((subject)) and ((body)); the letter's also ((address_line_1))…). */
    NOTIFY_API_KEY: unsetIfBlank(z.string().min(74, 'must be a GOV.UK Notify API key (name-serviceid-secret)')),
    NOTIFY_BASE_URL: z.string().url().default('https://api.notifications.service.gov.uk'),
    NOTIFY_EMAIL_TEMPLATE_ID: unsetIfBlank(z.string().uuid()),
    NOTIFY_LETTER_TEMPLATE_ID: unsetIfBlank(z.string().uuid()),
    NOTIFY_EMAIL_REPLY_TO_ID: unsetIfBlank(z.string().uuid()),
    INCIDENT_RETENTION_MONTHS: z.coerce.number().int().min(1).default(72),
    /** Same-incident linking (incidents/rules/same-incident.ts): the time window and the distance. */
    /** Statistics: true or perturbed counts from 1 up to this minus one are suppressed (docs/disclosure-control.md). */
    DISCLOSURE_MIN_COUNT: z.coerce.number().int().min(2).max(100).default(5),
    /** Statistics: the cell key method's perturbation table, by version (shared/perturbation-tables.ts). */
    DISCLOSURE_PTABLE: z.string().default('hub-2026-1'),
    /** Statistics: a perturbation table of the DPO's own, as JSON (overrides DISCLOSURE_PTABLE). */
    DISCLOSURE_PTABLE_FILE: z.string().optional(),
    /** Statistics: trigger statistics count whole London months or quarters under disclosure control. */
    TRIGGER_STATISTICS_PERIOD: z.enum(['month', 'quarter']).default('month'),
    INCIDENT_LINK_WINDOW_HOURS: z.coerce.number().min(0).max(24 * 31).default(48),
    INCIDENT_LINK_DISTANCE_METRES: z.coerce.number().min(0).max(5_000).default(100),
    /** Same-incident linking of one reporter's reports at one place that the agencies categorised differently: how close in time (hours). */
    INCIDENT_LINK_RECATEGORISED_WINDOW_HOURS: z.coerce.number().min(0).max(24 * 31).default(2),
    /** The web console's production sign-in (OpenID Connect, authorization code with PKCE): the issuer and the console's client id. */
    OIDC_ISSUER: z.string().url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_SCOPE: z.string().default('openid profile'),
    SEED_DEMO_DATA: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') {
      if (!env.JWT_SECRET && !env.JWKS_URL) {
        ctx.addIssue({ code: 'custom', path: ['JWKS_URL'], message: 'production needs JWKS_URL (RS256) or JWT_SECRET' });
      }
      if (!env.SERVICE_SECRET) {
        ctx.addIssue({ code: 'custom', path: ['SERVICE_SECRET'], message: 'production needs SERVICE_SECRET' });
      }
      for (const key of ['JWT_SECRET', 'SERVICE_SECRET', 'AUDIT_LOG_KEY'] as const) {
        const value = env[key];
        if (value === undefined) continue;
        if (PUBLISHED_DEV_SECRETS.includes(value) || /^dev-only-|change-?me/i.test(value)) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'is a development secret published in the repository; production needs a secret of its own' });
        }
      }
      if (env.OUTBOX_ADAPTER === 'file') {
        ctx.addIssue({ code: 'custom', path: ['OUTBOX_ADAPTER'], message: 'file delivers nothing and keeps letters in plain files; production sends through notify' });
      }
      if (env.JWT_SECRET && env.JWT_SECRET === env.SERVICE_SECRET) {
        ctx.addIssue({ code: 'custom', path: ['SERVICE_SECRET'], message: 'must differ from JWT_SECRET (a user token must never pass as a service credential)' });
      }
      if (env.AUDIT_LOG_KEY && (env.AUDIT_LOG_KEY === env.JWT_SECRET || env.AUDIT_LOG_KEY === env.SERVICE_SECRET)) {
        ctx.addIssue({ code: 'custom', path: ['AUDIT_LOG_KEY'], message: 'must differ from JWT_SECRET and SERVICE_SECRET' });
      }
    }
  });

export type HubConfig = Omit<z.infer<typeof schema>, 'JWT_SECRET' | 'SERVICE_SECRET' | 'AUDIT_LOG_KEY'> & {
  JWT_SECRET: string;
  SERVICE_SECRET: string;
  AUDIT_LOG_KEY: string;
  /** Whether AUDIT_LOG_KEY was set (production refuses to write the log without it). */
  AUDIT_LOG_KEY_SET: boolean;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return {
    ...parsed.data,
    JWT_SECRET: parsed.data.JWT_SECRET ?? DEV_JWT_SECRET,
    SERVICE_SECRET: parsed.data.SERVICE_SECRET ?? DEV_SERVICE_SECRET,
    AUDIT_LOG_KEY: parsed.data.AUDIT_LOG_KEY ?? DEV_AUDIT_LOG_KEY,
    AUDIT_LOG_KEY_SET: parsed.data.AUDIT_LOG_KEY !== undefined,
  };
}

let cached: HubConfig | undefined;
/** The process-wide configuration (validated on first use). */
export function config(): HubConfig {
  cached ??= loadConfig();
  return cached;
}
