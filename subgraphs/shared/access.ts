import DataLoader from 'dataloader';
import type { Caller } from '../../platform/auth';
import { DataCategory, Purpose } from './enums';
import { withheld } from '../../platform/errors';

/**
 * Access decisions on personal data, taken once per person × category × supplying agency within a
 * request and sent to the policy decision point in ONE call per request (DataLoader batching).
 *
 * The controller rule is decided here, locally: an agency always sees what it supplied. Those
 * answers still travel with the batch, marked `local`, so that the policy decision point logs every
 * decision, allowed or denied. Everything else is decided by the policy decision point (the consent
 * subgraph's grants and consents). If it cannot be asked, or errs, the fields are withheld: the
 * rules fail closed.
 *
 * Decisions already taken are kept in a plain map as well, so that the permission layer checks a
 * personal field synchronously (`peek`): a list resolver asks for its rows' decisions first
 * (`prefetch`), and its 200 rows × 7 personal fields then cost no promise at all.
 */
export interface AccessQuestion {
  personId: string;
  category: DataCategory;
  /** The agencies that supplied the record the field belongs to (its controllers). */
  controllerAgencyIds: string[];
  /** "Type.field" asking, for the audit log. */
  field: string;
  /** "query OperationName", for the audit log. */
  operation?: string;
  /** Set when decided locally (controller rule): logged, not re-decided. */
  local?: AccessDecision;
}

export interface AccessDecision {
  allowed: boolean;
  /** What the decision rests on: `controller`, `grant:<id>`, or the reason for a denial. */
  basis: string;
}

export interface AccessActor {
  sub: string;
  agencyId: string;
  roles: string[];
  requestId?: string;
  subgraph: string;
  purpose?: Purpose;
}

/**
 * Decides the open questions of one request and answers in order; `logged` settles when the
 * access log holds every one of them (rejects if it cannot be written).
 */
export type PolicyDecisionPoint = ((
  actor: AccessActor,
  questions: AccessQuestion[],
  /** What a decision point in this process already read for this request (AccessDecider.readAhead). */
  readAhead?: ReadonlyMap<string, Promise<unknown>>,
) => Promise<{ answers: AccessDecision[]; logged: Promise<void> }>) & {
  /**
   * Opens a request's questions before they are known: the decision point starts reading what it
   * needs about these people while the asker still reads its rows (queries only). `ask` may name
   * other people too (they are read then); an opening never asked is `cancel`led.
   */
  open?: (actor: AccessActor, personIds: string[]) => OpenedDecisions | undefined;
};

/** What a decision point read ahead for one request, keyed as it looks it up. */
export type ReadAhead = ReadonlyMap<string, Promise<unknown>>;

export interface OpenedDecisions {
  ask(questions: AccessQuestion[]): Promise<{ answers: AccessDecision[]; logged: Promise<void> }>;
  cancel(): void;
}

/** A record to decide: whose, of what category, supplied by which agencies. */
export interface RecordQuestion {
  personId: string | null | undefined;
  category: DataCategory;
  controllerAgencyIds: string[];
  field: string;
}

/** What `peekRecord` answers: a record's subject and, once taken, the decision on one of its categories. */
export interface PeekedRecord {
  subject: { personId: string | null; controllerAgencyIds: string[] };
  decision?: AccessDecision;
}

/** A record's subject under one subject function, and its decisions as [category, answer, …] (answers made once, reused by every field). */
interface RecordEntry {
  subjectOf: unknown;
  subject: { personId: string | null; controllerAgencyIds: string[] };
  decided: Array<DataCategory | PeekedRecord>;
  /** The same record under another subject function (rare). */
  next?: RecordEntry;
}

const BYPASSED_RECORD = Object.freeze({ subject: Object.freeze({ personId: null, controllerAgencyIds: [] as string[] }), decision: Object.freeze({ allowed: true, basis: 'bypassed' }) });

const keyOf = (q: Pick<AccessQuestion, 'personId' | 'category' | 'controllerAgencyIds'>): string =>
  `${q.personId}|${q.category}|${q.controllerAgencyIds.length === 1 ? q.controllerAgencyIds[0] : [...q.controllerAgencyIds].sort().join(',')}`;

export class AccessDecider {
  private readonly loader: DataLoader<AccessQuestion, AccessDecision, string>;
  private readonly known = new Map<string, AccessDecision>();
  /** Appends to the access log still in flight (see `deferLogs`). */
  private readonly pendingLogs: Promise<boolean>[] = [];
  /**
   * A query's decisions are used as soon as they are taken and their log append overlaps the rest
   * of the request; the server holds the response until `settled()` (shared/server.ts
   * `accessLogPlugin`), so nothing leaves unlogged. A mutation's decisions wait for the log (it may
   * write on their strength).
   */
  deferLogs = false;

  /**
   * What the decision point will need, read ahead by this request's own resolvers, keyed as the
   * decision point keys it (only the consent subgraph, whose decision point runs in the same process:
   * it reads a person's grants with the person's records, see consent/repositories/decision-facts.ts).
   */
  readonly readAhead = new Map<string, Promise<unknown>>();

  /** This request's questions opened ahead of time (see `expect`), until its first batch asks them. */
  private opened?: OpenedDecisions;
  private asked = false;

  constructor(
    private readonly caller: Caller,
    private readonly actor: Omit<AccessActor, 'sub' | 'agencyId' | 'roles'>,
    private readonly pdp?: PolicyDecisionPoint,
    /** Benchmarks only: every question allowed, nothing asked (the access layer bypassed). */
    private readonly bypass = false,
  ) {
    this.loader = new DataLoader((qs) => this.decideBatch(qs), { cacheKeyFn: (q: AccessQuestion) => keyOf(q), maxBatchSize: 10_000 });
    this.analystOnly = caller.roles.length > 0 && caller.roles.every((r) => r === 'analyst');
    this.ownAgency = caller.service || this.analystOnly ? null : caller.agencyId;
  }

  /** Whether this request's decisions are asked at all (not for another subgraph, an analyst, or with the layer bypassed). */
  get consults(): boolean {
    return !this.bypass && !this.caller.service && !this.analystOnly && !!this.pdp;
  }

  /** Whether resolvers may read ahead what the decision point will need: queries only (a mutation may change it meanwhile). */
  get readsAhead(): boolean {
    return this.consults && this.deferLogs;
  }

  /** An analyst and nothing else (sees no personal data); fixed for the request, asked on every personal field. */
  readonly analystOnly: boolean;
  /** Whose own records count as the caller's (controller rule): a user's agency; none for a service or an analyst. */
  private readonly ownAgency: string | null;

  /**
   * A record's data subject and the decisions already taken about it, kept per record object so
   * that its second and later personal fields cost one lookup (a list of 200 incidents has some
   * 1,400 personal fields). One small object per record: most records have one subject function
   * and one or two categories, so no Map per record (they were a visible part of the garbage).
   */
  private readonly records = new WeakMap<object, RecordEntry>();

  /**
   * The record and category asked last, and the answer given: a record's personal fields resolve
   * one after another, so its second to seventh field is one comparison, with nothing allocated.
   */
  private lastRecord: object | null = null;
  private lastCategory: DataCategory | null = null;
  private lastSubjectOf: unknown = null;
  private lastAnswer: PeekedRecord | null = null;

  /** The subject of a record (computed once per record and request) and the decision on one of its categories, if taken. */
  peekRecord(
    record: object,
    category: DataCategory,
    subjectOf: (record: never) => { personId: string | null | undefined; controllerAgencyIds: string[] },
  ): PeekedRecord {
    if (this.bypass) return BYPASSED_RECORD;
    if (this.lastRecord === record && this.lastCategory === category && this.lastSubjectOf === subjectOf) return this.lastAnswer!;
    // Keyed by the subject function too: a field may name another subject than its type does.
    let entry = this.records.get(record);
    while (entry && entry.subjectOf !== subjectOf) entry = entry.next;
    if (!entry) {
      const s = subjectOf(record as never);
      entry = { subjectOf, subject: { personId: s.personId ?? null, controllerAgencyIds: s.controllerAgencyIds }, decided: [], next: this.records.get(record) };
      this.records.set(record, entry);
    }
    const decided = entry.decided;
    for (let i = 0; i < decided.length; i += 2) if (decided[i] === category) return this.remember(record, category, subjectOf, decided[i + 1] as PeekedRecord);
    const decision = entry.subject.personId ? this.peek({ personId: entry.subject.personId, category, controllerAgencyIds: entry.subject.controllerAgencyIds }) : undefined;
    // Not decided yet: answered afresh (and not remembered), since the decision may come.
    if (!decision) return { subject: entry.subject };
    const answer: PeekedRecord = { subject: entry.subject, decision };
    decided.push(category, answer);
    return this.remember(record, category, subjectOf, answer);
  }

  private remember(record: object, category: DataCategory, subjectOf: unknown, answer: PeekedRecord): PeekedRecord {
    this.lastRecord = record;
    this.lastCategory = category;
    this.lastSubjectOf = subjectOf;
    this.lastAnswer = answer;
    return answer;
  }

  /**
   * Says which people this request's questions will be about, before its rows are read: the
   * decision point starts reading their facts at once (a query's only; the first batch's, once).
   * A resolver calls it where it knows the people and not yet the records (a person's incidents).
   */
  expect(personIds: string[]): void {
    if (this.opened || this.asked || !this.readsAhead || !this.pdp?.open || !personIds.length) return;
    this.opened = this.pdp.open(this.actorOf(), personIds);
  }

  private actorOf(): AccessActor {
    return { ...this.actor, sub: this.caller.sub, agencyId: this.caller.agencyId, roles: this.caller.roles };
  }

  /** The decision already taken in this request, if any (synchronous). */
  peek(q: Pick<AccessQuestion, 'personId' | 'category' | 'controllerAgencyIds'>): AccessDecision | undefined {
    if (this.bypass) return { allowed: true, basis: 'bypassed' };
    return this.known.get(keyOf(q));
  }

  decide(question: AccessQuestion): Promise<AccessDecision> {
    if (this.bypass) return Promise.resolve({ allowed: true, basis: 'bypassed' });
    return this.loader.load(question);
  }

  /**
   * Decides a list's records in one batch (before their fields resolve) and answers in order. A
   * record about nobody is the supplying agencies' only. If the policy decision point cannot answer,
   * it throws FORBIDDEN with `reason: decision-unavailable` naming the first undecided record's
   * category and field: the caller's field is withheld as a whole and says why (fail closed), never
   * answered as if the records were denied.
   */
  async prefetch(records: RecordQuestion[], operation?: string, opts: { listing?: boolean } = {}): Promise<boolean[]> {
    if (this.bypass) return records.map(() => true);
    const own = this.ownAgency;
    const mine = (r: RecordQuestion) => own !== null && r.controllerAgencyIds.includes(own);
    // Listing the caller's own records consults nothing: the fields it then reads are decided (and logged) one by one.
    // One question per person × category × supplying agencies, however many records share it (a
    // case history's 200 incidents are a handful of questions); decisions already taken are read at once.
    const byKey = new Map<string, Promise<boolean | undefined>>();
    const pending = records.map((r): boolean | Promise<boolean | undefined> => {
      if (opts.listing && mine(r)) return true;
      if (!r.personId) return mine(r);
      const key = keyOf(r as AccessQuestion);
      const known = this.known.get(key);
      if (known) return known.allowed;
      let p = byKey.get(key);
      if (!p) {
        p = this.decide({ personId: r.personId, category: r.category, controllerAgencyIds: r.controllerAgencyIds, field: r.field, operation }).then(
          (d) => d.allowed,
          () => undefined,
        );
        byKey.set(key, p);
      }
      return p;
    });
    const answers = byKey.size ? await Promise.all(pending) : (pending as Array<boolean | undefined>);
    const undecided = answers.findIndex((a) => a === undefined);
    if (undecided >= 0) {
      const [typeName, field] = records[undecided].field.split('.');
      throw withheld(records[undecided].category, typeName, field ?? typeName, 'decision-unavailable');
    }
    return answers as boolean[];
  }

  private async decideBatch(questions: readonly AccessQuestion[]): Promise<AccessDecision[]> {
    const batch = questions.map((q): AccessQuestion => {
      if (this.ownAgency !== null && q.controllerAgencyIds.includes(this.ownAgency)) {
        return { ...q, local: { allowed: true, basis: 'controller' } };
      }
      return q;
    });
    let answers: AccessDecision[];
    if (this.pdp) {
      const opened = this.opened;
      this.opened = undefined;
      this.asked = true;
      const asked = await (opened ? opened.ask(batch) : this.pdp(this.actorOf(), batch, this.readAhead));
      answers = asked.answers;
      if (this.deferLogs) {
        this.pendingLogs.push(asked.logged.then(() => true, () => false));
      } else {
        await asked.logged;
      }
    } else {
      answers = batch.map((q) => q.local ?? { allowed: false, basis: 'no-policy-decision-point' });
    }
    questions.forEach((q, k) => this.known.set(keyOf(q), answers[k]));
    return answers;
  }

  /** Whether every decision this request took is in the access log (waits for appends in flight). */
  async settled(): Promise<boolean> {
    // Questions opened and never asked (no record needed a decision): the decision point lets go.
    this.opened?.cancel();
    this.opened = undefined;
    let ok = true;
    // A decision taken while waiting adds its append: wait for those too.
    for (let i = 0; i < this.pendingLogs.length; i++) ok = (await this.pendingLogs[i]) && ok;
    return ok;
  }
}
