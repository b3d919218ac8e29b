import { DataCategory } from '../../shared/enums';
import type { HubContext } from '../../shared/context';
import { notFound } from '../../../platform/errors';
import { Letter } from '../entities/Letter';
import { ThresholdEvaluation } from '../entities/ThresholdEvaluation';
import { TriggerApplication } from '../entities/TriggerApplication';
import { londonDate } from '../../shared/calendar';
import { deadlineFacts, deadlinesOf } from '../rules/deadlines';
import { authorityLetterParties, letterParties, recordDisclosures, revokeApplicationGrants } from '../clients/consent';
import { letterPdf } from '../letters/pdf';
import { unavailable } from '../../../platform/errors';
import { correspondenceInForce } from './policies';
import { LetterKind, renderLetter, type LetterData } from '../letters/render';
import { step, type WorkflowEvent, type WorkflowOutcome } from '../rules/workflow';
import { referencePrefix } from '../rules/intake';
import { requireOwnAuthority } from '../../shared/scope';
import { OutboxMessage } from '../entities/OutboxMessage';
import { chooseChannel, OutboxChannel, OutboxStatus } from '../rules/outbox';

/**
 * What the operations that move an application share: loading with the authority check, references,
 * letters, and taking a step of the workflow (rules/workflow.ts) with its letters and writes.
 */

/** A SPOC acts only for its own authority; an admin for any. */
export function assertActsFor(ctx: HubContext, authorityAgencyId: string): void {
  requireOwnAuthority(ctx.caller, authorityAgencyId, 'A SPOC may act only on its own authority’s applications');
}

export async function loadForSpoc(ctx: HubContext, id: string): Promise<TriggerApplication> {
  const app = await ctx.em.findOne(TriggerApplication, { id });
  if (!app) throw notFound('TriggerApplication', { field: 'applicationId' });
  assertActsFor(ctx, app.authorityAgencyId);
  return app;
}

/**
 * The next human reference, e.g. SDC-CT-2026-0003: sequential per authority and year, taken with
 * one atomic upsert on the counter row, so concurrent submissions never share a number. The first
 * number of a year continues after any reference already in the table (seeded or imported).
 */
export async function nextReference(ctx: HubContext, authorityAgencyId: string, at: Date): Promise<string> {
  const year = Number(londonDate(at).slice(0, 4));
  const prefix = `${referencePrefix(authorityAgencyId)}-CT-${year}-`;
  const rows = await ctx.em.getConnection().execute<Array<{ last: number }>>(
    `insert into "triggers"."reference_counter" ("authority_agency_id", "year", "last")
     values (?, ?, (select coalesce(max(substring("reference" from '([0-9]+)$')::int), 0) + 1
                    from "triggers"."trigger_application" where "authority_agency_id" = ? and "reference" like ?))
     on conflict ("authority_agency_id", "year") do update set "last" = "reference_counter"."last" + 1
     returning "last"`,
    [authorityAgencyId, year, authorityAgencyId, `${prefix}%`],
  );
  return `${prefix}${String(rows[0].last).padStart(4, '0')}`;
}

export const deadlinesFor = (app: TriggerApplication, now = new Date()) => deadlinesOf(deadlineFacts(app), now);

export async function latestEvaluation(ctx: HubContext, applicationId: string): Promise<ThresholdEvaluation | null> {
  return ctx.em.findOne(ThresholdEvaluation, { applicationId }, { orderBy: { evaluatedAt: 'desc', id: 'desc' } });
}

export interface IssueOptions {
  /**
   * The acting person's token, for the consent subgraph's names and the addressee (their view, no
   * wider); the caller's own unless the step arrives from another subgraph on the SPOC's behalf.
   */
  actorToken?: string | null;
  /** Agency ids to name in the letter (e.g. the panel), resolved to names as `panelAgencies`. */
  panelAgencyIds?: string[];
  /** CT4: the agency owning each of `actions`, named before it. */
  actionOwnerAgencyIds?: string[];
}

/**
 * Renders a letter (HTML, text and PDF) and records it in the correspondence log as sent now
 * (flushed by the caller): addressed to the applicant (else the victim) as the SPOC may see them,
 * every agency by its name, with what the authority's letters say (its threshold policy's
 * correspondence: appeal route, contacts, how to report future incidents).
 */
export async function issueLetter(ctx: HubContext, app: TriggerApplication, kind: LetterKind, data: Partial<LetterData>, opts: IssueOptions = {}): Promise<Letter> {
  const now = new Date();
  const token = opts.actorToken ?? (ctx.caller.service ? null : ctx.caller.token);
  const recipient = app.applicantPersonId ?? app.victimPersonId ?? null;
  // Without a SPOC's token (the online form acts for the authority with the service credential), the
  // addressee is as the authority's own record holds them; a user never gets this path.
  if (!token && !ctx.caller.service) throw unavailable('consent', 'The letter needs the acting SPOC’s view of the applicant and the agencies');
  const [parties, correspondence] = await Promise.all([
    token ? letterParties(ctx, recipient, token) : authorityLetterParties(ctx, recipient, app.authorityAgencyId),
    correspondenceInForce(ctx, app.authorityAgencyId, now),
  ]);
  // Never an id in a letter: an agency the consent subgraph does not name is "a partner agency".
  const nameOf = (id: string) => parties.agencyNames.get(id) ?? 'a partner agency';
  const authority = parties.agencyNames.get(app.authorityAgencyId) ?? 'the council';
  const rendered = renderLetter(kind, {
    reference: app.reference,
    authority,
    correspondence: correspondence ?? undefined,
    addressee: parties.addressee,
    date: londonDate(now),
    receivedOn: londonDate(app.receivedAt),
    meetingOn: app.meetingOn ?? null,
    ...data,
    ...(data.incidents ? { incidents: data.incidents.map((i) => ({ ...i, agency: nameOf(i.agency) })) } : {}),
    ...(opts.panelAgencyIds ? { panelAgencies: opts.panelAgencyIds.map(nameOf) } : {}),
    ...(data.actions && opts.actionOwnerAgencyIds
      ? { actions: data.actions.map((a, i) => (opts.actionOwnerAgencyIds![i] ? `${nameOf(opts.actionOwnerAgencyIds![i])}: ${a}` : a)) }
      : {}),
  });
  const pdf = await letterPdf(rendered, { authority, sentAt: now });
  // The letter tells its recipient about the application and the incidents (INCIDENT_DETAIL), sent by post or email (CONTACT).
  await recordDisclosures(
    ctx,
    [DataCategory.INCIDENT_DETAIL, DataCategory.CONTACT].map((category) => ({
      personId: recipient, category, basis: `letter:${kind}`, operation: `${ctx.clientOperation ?? 'letter'} / letter ${kind}`,
      justification: `letter ${kind} on application ${app.reference} to its applicant, as the Community Trigger procedure requires (Anti-social Behaviour, Crime and Policing Act 2014 s.104)`,
    })),
  );
  const letter = ctx.em.create(Letter, {
    applicationId: app.id,
    kind,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    pdf: pdf.toString('base64'),
    addressee: rendered.addressee,
    recipientPersonId: recipient,
    subjectPersonId: app.subjectPersonId,
    authorityAgencyId: app.authorityAgencyId,
    sentAt: now,
    sentBy: ctx.caller.sub,
  });
  enqueueLetter(ctx, app, letter, { email: parties.email, postal: rendered.addressee, postcode: parties.addressee?.postcode ?? null }, now);
  return letter;
}

/**
 * The letter goes into the outbox in the same flush as the letter itself (triggers/outbox/): by
 * e-mail or post as the applicant asked, when that address is on record, else by what is. With
 * no address at all it is recorded as failed at once, for the SPOC to see and send by hand.
 */
export function enqueueLetter(ctx: HubContext, app: TriggerApplication, letter: Letter, to: { email: string | null; postal: string | null; postcode: string | null }, now: Date): OutboxMessage {
  const channel = chooseChannel(app.contactPreference, to);
  return ctx.em.create(OutboxMessage, {
    authorityAgencyId: app.authorityAgencyId,
    applicationId: app.id,
    reference: app.reference,
    letterId: letter.id,
    kind: letter.kind,
    subject: letter.subject,
    channel,
    recipientPersonId: letter.recipientPersonId ?? null,
    recipient: channel === OutboxChannel.EMAIL ? to.email : channel === OutboxChannel.POST ? to.postal : null,
    postcode: channel === OutboxChannel.POST ? to.postcode : null,
    createdAt: now,
    nextAttemptAt: channel ? now : null,
    ...(channel ? {} : { status: OutboxStatus.FAILED, failedAt: now, lastError: 'no e-mail or postal address with a postcode on record for the recipient' }),
  });
}

/** How a step's letters are issued: as IssueOptions, and recorded as sent by `sentBy` (default the caller). */
export interface StepOptions extends IssueOptions {
  sentBy?: string;
  /** When the step is taken (default now; intake: when the application was received). */
  at?: Date;
}

/**
 * Takes a workflow step (rules/workflow.ts) on a loaded application: its changes set, its letters
 * issued (the "review activated" letter only where the authority's process has one); not flushed.
 */
export async function applyStep(ctx: HubContext, app: TriggerApplication, event: WorkflowEvent, opts: StepOptions = {}): Promise<{ outcome: WorkflowOutcome; letters: Letter[] }> {
  const outcome = step(app, event, opts.at ?? new Date());
  Object.assign(app, outcome.changes);
  const letters: Letter[] = [];
  for (const out of outcome.letters) {
    if (out.ifAuthoritySendsIt && !(await correspondenceInForce(ctx, app.authorityAgencyId, new Date()))?.reviewActivatedLetter) continue;
    const letter = await issueLetter(ctx, app, out.kind, out.data, opts);
    if (opts.sentBy !== undefined) letter.sentBy = opts.sentBy;
    letters.push(letter);
  }
  return { outcome, letters };
}

/** applyStep, then written: ending the application's grants when the step closes it or it is not pursued. */
export async function takeStep(ctx: HubContext, app: TriggerApplication, event: WorkflowEvent, opts: StepOptions = {}): Promise<{ outcome: WorkflowOutcome; letters: Letter[] }> {
  const taken = await applyStep(ctx, app, event, opts);
  if (taken.outcome.endsGrants) await flushEndingGrants(ctx, app, taken.outcome.endsGrants);
  else await ctx.em.flush();
  return taken;
}

/**
 * Writes an application that has just closed or is not pursued and ends the access grants it held
 * (consent subgraph) first, outside any transaction (a slow consent subgraph never holds one open):
 * if the grants cannot be ended, nothing is written and the step fails (retry), so access never
 * outlives the application. Should the write fail after the revocation, the grants are gone and the
 * application still open: less access, never more.
 */
export async function flushEndingGrants(ctx: HubContext, app: TriggerApplication, reason: string): Promise<void> {
  if (app.consentId) await revokeApplicationGrants(ctx, app.id, reason);
  await ctx.em.flush();
}
