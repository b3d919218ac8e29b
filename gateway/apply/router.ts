import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { GraphQLError } from 'graphql';
import type { HubConfig } from '../../platform/config';
import { logger } from '../../platform/logger';
import { rateLimited } from '../../platform/metrics';
import { requestIdOf } from '../../platform/apollo';
import { callService } from '../../platform/service-client';
import { contentSecurityPolicy } from '../console';
import {
  answersFrom, dateOfBirth, fieldsOf, FIELDS, firstIncomplete, isStep, nextStep, previousStep, reportsOf, summaryOf, validateStep, type Answers, type FieldError, type Step,
} from './form';
import { button, checkbox, dateInput, esc, hidden, input, lines, page, radios, stylesheets, summaryList, textarea } from './html';
import { signApplicantLink, verifyApplicantLink } from './link';
import { langOf, PRIVACY_NOTICE_VERSION, STRINGS, type Lang, type Strings } from './strings';

/**
 * The public side of the hub, served by the gateway without sign-in: the online application form
 * at /apply/<authority> (GOV.UK patterns, one question a page where it helps, English and Welsh),
 * its submission (POST /apply/<authority>), and the applicant's own page opened by a signed link.
 * The gateway calls the subgraphs' service-only operations with the service credential
 * (consent: _onlineAuthority, _registerOnlineApplicant, _withdrawOnlineConsent; triggers:
 * _submitOnlineApplication, _applicantView). Abuse: rate limits per client address and per
 * authority, a honeypot field, size limits; every refusal is a page that says why.
 */
export interface ApplyOptions {
  config: HubConfig;
  /** The subgraph URLs the gateway serves (known once the supergraph is loaded). */
  subgraphUrl: (name: 'consent' | 'triggers') => string | undefined;
  consoleDir: string;
  /** Overrides of the APPLY_* limits (tests). */
  limits?: { submissionsPerHour?: number; authorityPerHour?: number; pagesPerMinute?: number };
}

interface Authority {
  id: string;
  name: string;
  agencies: Array<{ id: string; name: string; kind: string }>;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;
const FORM_ID = 'apply-form';
const HONEYPOT = 'website';

class Unavailable extends Error {}

export function applyRouter(o: ApplyOptions): Router {
  const c = o.config;
  const router = express.Router();
  const csp = contentSecurityPolicy(c);
  const css = () => stylesheets(o.consoleDir);

  router.use('/apply', (_req, res, next) => {
    res.setHeader('content-security-policy', csp);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    // The pages carry what the applicant typed, or their application: never stored by a cache.
    res.setHeader('cache-control', 'no-store');
    next();
  });

  async function service<T>(name: 'consent' | 'triggers', query: string, variables: Record<string, unknown>, req: Request): Promise<T> {
    const url = o.subgraphUrl(name);
    if (!url) throw new Unavailable(name);
    try {
      return await callService<T>('gateway', url, query, variables, requestIdOf(req.headers['x-request-id']));
    } catch (err) {
      const code = (err as GraphQLError).extensions?.code;
      if (code === 'BAD_USER_INPUT' || code === 'CONFLICT' || code === 'NOT_FOUND') throw err;
      logger.error({ err: String(err), service: name }, 'online form: service call failed');
      throw new Unavailable(name);
    }
  }

  const authorities = new Map<string, { at: number; value: Authority | null }>();
  async function authorityOf(id: string, req: Request): Promise<Authority | null> {
    if (!SLUG.test(id)) return null;
    const hit = authorities.get(id);
    if (hit && Date.now() - hit.at < 60_000) return hit.value;
    const data = await service<{ _onlineAuthority: Authority | null }>('consent', 'query Authority($a: ID!) { _onlineAuthority(authorityId: $a) { id name agencies { id name kind } } }', { a: id }, req);
    if (authorities.size > 1000) authorities.clear();
    authorities.set(id, { at: Date.now(), value: data._onlineAuthority });
    return data._onlineAuthority;
  }

  const reqLang = (req: Request): Lang => langOf((req.body as Record<string, unknown> | undefined)?.lang ?? req.query.lang);

  function simplePage(res: Response, status: number, s: Strings, title: string, body: string, langHref?: string) {
    res.status(status).type('html').send(page({ s, title, css: css(), main: `<h1 class="govuk-heading-l">${esc(title)}</h1>${body}`, langSwitch: langHref ? { href: langHref } : undefined }));
  }

  const minutesLeft = (req: Request, windowMs: number) => {
    const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
    return Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + windowMs) - Date.now()) / 60_000));
  };
  function limiter(limit: number, windowMs: number, key: (req: Request) => string, message: (s: Strings, minutes: number) => string) {
    if (!limit) return (_req: Request, _res: Response, next: NextFunction) => next();
    return rateLimit({
      windowMs,
      limit,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      keyGenerator: key,
      handler: (req: Request, res: Response) => {
        rateLimited.inc();
        const minutes = minutesLeft(req, windowMs);
        res.setHeader('Retry-After', String(minutes * 60));
        const s = STRINGS[reqLang(req)];
        simplePage(res, 429, s, s.refusedTitle, `<p class="govuk-body">${esc(message(s, minutes))}</p>`);
      },
    });
  }
  const ipKey = (req: Request) => `ip:${ipKeyGenerator(req.ip ?? '')}`;
  const pagesLimit = limiter(o.limits?.pagesPerMinute ?? c.APPLY_PAGES_PER_MINUTE, 60_000, ipKey, (s, m) => s.tooMany(m));
  const submitLimit = limiter(o.limits?.submissionsPerHour ?? c.APPLY_SUBMISSIONS_PER_HOUR, 3_600_000, ipKey, (s, m) => s.tooMany(m));
  const authorityLimit = limiter(o.limits?.authorityPerHour ?? c.APPLY_AUTHORITY_SUBMISSIONS_PER_HOUR, 3_600_000, (req) => `authority:${String(req.params.authority)}`, (s, m) => s.tooManyAuthority(m));

  const body = express.urlencoded({ extended: false, limit: '40kb', parameterLimit: 300 });
  const parse = (req: Request, res: Response, next: NextFunction) =>
    body(req, res, (err?: unknown) => {
      if (!err) return next();
      const s = STRINGS[langOf(req.query.lang)];
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large' || type === 'parameters.too.many') return simplePage(res, 413, s, s.refusedTitle, `<p class="govuk-body">${esc(s.tooLarge)}</p>`);
      return simplePage(res, 400, s, s.refusedTitle, `<p class="govuk-body">${esc(s.refusedBot)}</p>`);
    });

  /** Runs a handler; an unknown authority is 404, a service that cannot answer 503, both as pages. */
  const handle = (fn: (req: Request, res: Response, authority: Authority) => Promise<void>) => async (req: Request, res: Response) => {
    const s = STRINGS[reqLang(req)];
    try {
      const authority = await authorityOf(String(req.params.authority), req);
      if (!authority) return simplePage(res, 404, s, s.notAuthority, `<p class="govuk-body">${esc(s.notAuthorityBody)}</p>`);
      await fn(req, res, authority);
    } catch (err) {
      if (!(err instanceof Unavailable)) logger.error({ err: String(err) }, 'online form failed');
      simplePage(res, 503, s, s.unavailable, `<p class="govuk-body">${esc(s.unavailableBody)}</p>`);
    }
  };

  // ---- the form's pages ----

  const stepAction = (authority: Authority, step: Step) => `/apply/${authority.id}/${step}`;

  function renderStep(res: Response, authority: Authority, step: Step, a: Answers, lang: Lang, errors: FieldError[] = [], returnTo = false) {
    const s = STRINGS[lang];
    const agencyIds = authority.agencies.map((ag) => ag.id);
    const own = step === 'check' ? [] : fieldsOf(step, agencyIds);
    const title: Record<Step, string> = { who: s.whoTitle, about: s.aboutTitle, what: s.whatTitle, reports: s.reportsTitle, contact: s.contactTitle, consent: s.consentTitle, check: s.checkTitle };
    const backTo = returnTo && step !== 'check' ? 'check' : previousStep(step, a);
    const back = backTo
      ? `<button type="submit" class="govuk-back-link app-link-button" formnovalidate formaction="${stepAction(authority, step)}" name="back" value="${backTo}">${esc(s.back)}</button>`
      : `<a class="govuk-back-link" href="/apply/${authority.id}?lang=${lang}">${esc(s.back)}</a>`;
    let fields = '';
    switch (step) {
      case 'who':
        fields = radios(s, {
          name: 'who', legend: s.whoTitle, heading: true, value: a.who,
          items: [
            { value: 'victim', label: s.whoVictim },
            { value: 'behalf', label: s.whoBehalf },
            { value: 'agency', label: s.whoAgency },
            { value: 'anonymous', label: s.whoAnonymous, hint: s.whoAnonymousHint },
          ],
        }, errors);
        break;
      case 'about':
        fields = `<h1 class="govuk-heading-l">${esc(s.aboutTitle)}</h1>
${input(s, { name: 'givenName', label: s.givenName, value: a.givenName, autocomplete: 'given-name', width: '20', spellcheck: false }, errors)}
${input(s, { name: 'familyName', label: s.familyName, value: a.familyName, autocomplete: 'family-name', width: '20', spellcheck: false }, errors)}
${dateInput(s, { prefix: 'dob', legend: s.dateOfBirth, hint: s.dateHint, values: a }, errors)}
${a.who === 'behalf' ? `<h2 class="govuk-heading-m">${esc(s.victimHeading)}</h2>
${input(s, { name: 'victimGivenName', label: s.victimGivenName, value: a.victimGivenName, width: '20', spellcheck: false }, errors)}
${input(s, { name: 'victimFamilyName', label: s.victimFamilyName, value: a.victimFamilyName, width: '20', spellcheck: false }, errors)}
${checkbox(s, { name: 'victimAgreed', label: s.victimAgreed, checked: a.victimAgreed === 'yes' }, errors)}` : ''}`;
        break;
      case 'what':
        fields = `<h1 class="govuk-heading-l">${esc(s.whatTitle)}</h1>
${textarea(s, { name: 'description', label: s.description, hint: s.descriptionHint, value: a.description, rows: 8 }, errors)}
${input(s, { name: 'place', label: s.place, hint: s.placeHint, value: a.place }, errors)}
${input(s, { name: 'since', label: `${s.since} ${s.optional}`, hint: s.sinceHint, value: a.since, width: '20' }, errors)}`;
        break;
      case 'reports':
        fields = `<h1 class="govuk-heading-l">${esc(s.reportsTitle)}</h1>
<p class="govuk-body">${esc(s.reportsHint)}</p>
${authority.agencies
  .map(
    (ag) => `<div class="govuk-!-margin-bottom-6">
${checkbox(s, { name: `reported-${ag.id}`, label: s.reportedTo(ag.name), checked: a[`reported-${ag.id}`] === 'yes' }, errors)}
<div class="govuk-!-padding-left-6">
${input(s, { name: `when-${ag.id}`, label: `${s.reportWhen} ${s.optional}`, value: a[`when-${ag.id}`], width: '10' }, errors)}
${input(s, { name: `ref-${ag.id}`, label: `${s.reportRef} ${s.optional}`, value: a[`ref-${ag.id}`], width: '10', spellcheck: false }, errors)}
</div></div>`,
  )
  .join('\n')}
${textarea(s, { name: 'otherReports', label: `${s.otherReports} ${s.optional}`, hint: s.otherReportsHint, value: a.otherReports, rows: 3 }, errors)}`;
        break;
      case 'contact':
        fields = `<h1 class="govuk-heading-l">${esc(s.contactTitle)}</h1>
${radios(s, { name: 'contactBy', legend: s.contactBy, value: a.contactBy, items: [{ value: 'email', label: s.contactEmail }, { value: 'post', label: s.contactPost }] }, errors)}
${input(s, { name: 'email', label: s.email, value: a.email, type: 'email', autocomplete: 'email', spellcheck: false }, errors)}
${input(s, { name: 'phone', label: `${s.phone} ${s.optional}`, value: a.phone, type: 'tel', autocomplete: 'tel', width: '20' }, errors)}
${textarea(s, { name: 'address', label: s.address, value: a.address, rows: 3 }, errors)}
${input(s, { name: 'postcode', label: s.postcode, value: a.postcode, autocomplete: 'postal-code', width: '10' }, errors)}`;
        break;
      case 'consent': {
        const names = authority.agencies.map((ag) => ag.name).join(', ');
        fields = `<h1 class="govuk-heading-l">${esc(s.consentTitle)}</h1>
<div class="govuk-inset-text" id="privacy-notice">
<h2 class="govuk-heading-m">${esc(s.noticeHeading)}</h2>
<p class="govuk-body-s">${esc(s.noticeVersion(PRIVACY_NOTICE_VERSION))}</p>
${s.notice(authority.name, names).map((p) => `<p class="govuk-body">${esc(p)}</p>`).join('\n')}
</div>
${radios(s, { name: 'consent', legend: s.consentQuestion, value: a.consent, items: [{ value: 'yes', label: s.consentYes }, { value: 'no', label: s.consentNo }] }, errors)}`;
        break;
      }
      case 'check':
        fields = checkAnswers(s, authority, a, lang);
        break;
    }
    const action = step === 'check' ? `/apply/${authority.id}` : stepAction(authority, step);
    const main = `<form id="${FORM_ID}" method="post" action="${action}" novalidate>
${back}
<input type="hidden" name="lang" value="${lang}">
${returnTo ? '<input type="hidden" name="returnTo" value="check">' : ''}
${hidden(a, own)}
${fields}
${step === 'check'
  ? `<h2 class="govuk-heading-m">${esc(s.sendTitle)}</h2><p class="govuk-body">${esc(s.sendBody)}</p>
<div class="govuk-visually-hidden" aria-hidden="true"><label for="${HONEYPOT}">${esc(s.honeypot)}</label><input id="${HONEYPOT}" name="${HONEYPOT}" type="text" tabindex="-1" autocomplete="off"></div>
${button(s.send)}`
  : button(s.continue)}
</form>`;
    res
      .status(errors.length ? 400 : 200)
      .type('html')
      .send(page({ s, title: title[step], main, errors, css: css(), langSwitch: { form: FORM_ID, action: stepAction(authority, step) + `?stay=${step}` } }));
  }

  function checkAnswers(s: Strings, authority: Authority, a: Answers, lang: Lang): string {
    const change = (step: Step, hiddenText: string) => ({ step, hidden: hiddenText, label: s.change, form: FORM_ID, action: stepAction(authority, 'check') });
    const who = { victim: s.whoVictim, behalf: s.whoBehalf, anonymous: s.whoAnonymous, agency: s.whoAgency }[a.who as 'victim'] ?? '';
    const reports = reportsOf(a, authority.agencies);
    const reportText = [
      ...reports.map((r) => [r.agency, r.when, r.ref].filter(Boolean).map(esc).join(', ')),
      ...(a.otherReports ? [lines(a.otherReports)] : []),
    ];
    const rows: Parameters<typeof summaryList>[0] = [{ key: s.checkWho, value: esc(who), change: change('who', s.checkWho) }];
    if (a.who !== 'anonymous') {
      rows.push({ key: s.checkName, value: esc(`${a.givenName ?? ''} ${a.familyName ?? ''}`), change: change('about', s.checkName) });
      rows.push({ key: s.checkDob, value: esc(dateOfBirth(a) ? longDate(new Date(`${dateOfBirth(a)}T12:00:00Z`), lang) : ''), change: change('about', s.checkDob) });
      if (a.who === 'behalf') rows.push({ key: s.checkVictim, value: esc(`${a.victimGivenName ?? ''} ${a.victimFamilyName ?? ''}`), change: change('about', s.checkVictim) });
    }
    rows.push({ key: s.checkWhat, value: lines(a.description), change: change('what', s.checkWhat) });
    rows.push({ key: s.checkPlace, value: esc(a.place), change: change('what', s.checkPlace) });
    if (a.since) rows.push({ key: s.checkSince, value: esc(a.since), change: change('what', s.checkSince) });
    rows.push({ key: s.checkReports, value: reportText.length ? reportText.join('<br>') : esc(s.noReports), change: change('reports', s.checkReports) });
    if (a.who !== 'anonymous') {
      rows.push({ key: s.checkContactBy, value: esc(a.contactBy === 'post' ? s.contactPost : s.contactEmail), change: change('contact', s.checkContactBy) });
      rows.push({ key: s.checkContact, value: [a.email, a.phone, a.address, a.postcode].filter(Boolean).map((v) => lines(v)).join('<br>'), change: change('contact', s.checkContact) });
      rows.push({ key: s.checkConsent, value: esc(a.consent === 'yes' ? s.consentYes : s.consentNo), change: change('consent', s.checkConsent) });
    }
    return `<h1 class="govuk-heading-l">${esc(s.checkTitle)}</h1>${summaryList(rows)}`;
  }

  function partnerPage(res: Response, lang: Lang, authority: Authority) {
    const s = STRINGS[lang];
    simplePage(res, 200, s, s.agencyTitle, `<p class="govuk-body">${esc(s.agencyBody)}</p><p class="govuk-body"><a class="govuk-link" href="/">${esc(s.agencyLink)}</a></p>`, `/apply/${authority.id}/who?lang=${s.otherLang}`);
  }

  router.get(
    '/apply/:authority',
    handle(async (req, res, authority) => {
      const lang = reqLang(req);
      const s = STRINGS[lang];
      const main = `<h1 class="govuk-heading-xl">${esc(s.startTitle(authority.name))}</h1>
<p class="govuk-body">${esc(s.startIntro)}</p>
<p class="govuk-body">${esc(s.startUse)}</p>
<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span><strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">${lang === 'cy' ? 'Rhybudd' : 'Warning'}</span>${esc(s.startEmergency)}</strong></div>
<a href="/apply/${authority.id}/who?lang=${lang}" role="button" draggable="false" class="govuk-button govuk-button--start" data-module="govuk-button">${esc(s.startNow)}<svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false"><path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z"/></svg></a>`;
      res.type('html').send(page({ s, title: s.startTitle(authority.name), main, css: css(), langSwitch: { href: `/apply/${authority.id}?lang=${s.otherLang}` } }));
    }),
  );

  router.get(
    '/apply/:authority/:step',
    handle(async (req, res, authority) => {
      const step = String(req.params.step);
      // Only the first question has an address of its own; the rest carry the answers so far.
      if (step !== 'who') return void res.redirect(303, `/apply/${authority.id}?lang=${reqLang(req)}`);
      renderStep(res, authority, 'who', {}, reqLang(req));
    }),
  );

  router.post(
    '/apply/:authority/:step',
    pagesLimit,
    parse,
    handle(async (req, res, authority) => {
      const step = String(req.params.step);
      if (!isStep(step)) return void res.redirect(303, `/apply/${authority.id}`);
      const raw = req.body as Record<string, unknown>;
      const agencyIds = authority.agencies.map((ag) => ag.id);
      const a = answersFrom(raw, agencyIds);
      const returnTo = raw.returnTo === 'check';
      if (typeof raw.switchLang === 'string') return renderStep(res, authority, isStep(req.query.stay) ? req.query.stay : step, a, langOf(raw.switchLang), [], returnTo);
      const lang = reqLang(req);
      if (typeof raw.goto === 'string' && isStep(raw.goto)) return renderStep(res, authority, raw.goto, a, lang, [], true);
      if (typeof raw.back === 'string' && isStep(raw.back)) return renderStep(res, authority, raw.back, a, lang, [], returnTo && raw.back !== 'check');
      const errors = validateStep(step, a, agencyIds, STRINGS[lang]);
      if (errors.length) return renderStep(res, authority, step, a, lang, errors, returnTo);
      if (step === 'who' && a.who === 'agency') return partnerPage(res, lang, authority);
      const next = returnTo ? 'check' : nextStep(step, a);
      if (next === 'check') {
        const incomplete = firstIncomplete(a, agencyIds, STRINGS[lang]);
        if (incomplete && incomplete.step !== 'check') return renderStep(res, authority, incomplete.step, a, lang, returnTo ? incomplete.errors : [], returnTo);
      }
      renderStep(res, authority, next, a, lang);
    }),
  );

  // ---- the submission ----

  router.post(
    '/apply/:authority',
    parse,
    submitLimit,
    handle(async (req, res, authority) => {
      const raw = req.body as Record<string, unknown>;
      const lang = reqLang(req);
      const s = STRINGS[lang];
      // A person never sees the honeypot field; whatever fills it is refused, and nothing is recorded.
      if (typeof raw[HONEYPOT] === 'string' && raw[HONEYPOT] !== '') return simplePage(res, 400, s, s.refusedTitle, `<p class="govuk-body">${esc(s.refusedBot)}</p>`);
      const agencyIds = authority.agencies.map((ag) => ag.id);
      const a = answersFrom(raw, agencyIds);
      const incomplete = firstIncomplete(a, agencyIds, s);
      if (incomplete && incomplete.step !== 'check') return renderStep(res, authority, incomplete.step, a, lang, incomplete.errors, true);
      if (a.who === 'agency') return partnerPage(res, lang, authority);
      // The per-authority count is taken only for a submission that would be recorded; a refusal
      // answers the request itself (and then the wait ends with the response).
      await new Promise<void>((resolve, reject) => {
        res.once('finish', () => resolve());
        authorityLimit(req, res, (err?: unknown) => (err ? reject(err) : resolve()));
      });
      if (res.headersSent) return;
      await submit(req, res, authority, a, lang);
    }),
  );

  async function submit(req: Request, res: Response, authority: Authority, a: Answers, lang: Lang) {
    const s = STRINGS[lang];
    const summary = summaryOf(a, authority.agencies);
    const submitQuery =
      'mutation Submit($input: OnlineApplicationInput!) { _submitOnlineApplication(input: $input) { outcome applicationId reference notPursuedReason intelligenceRecordId repeat applicantLinkToken applicantLinkExpiresAt } }';
    type Submission = {
      outcome: 'ACCEPTED' | 'NOT_PURSUED' | 'ANONYMOUS'; applicationId: string | null; reference: string | null; notPursuedReason: string | null; repeat: boolean;
      applicantLinkToken?: string | null; applicantLinkExpiresAt?: string | null;
    };
    const again = `<p class="govuk-body"><a class="govuk-link" href="/apply/${authority.id}?lang=${lang}">${esc(s.applyAgain)}</a></p>`;
    if (a.who === 'anonymous') {
      await service<{ _submitOnlineApplication: Submission }>('triggers', submitQuery, { input: { authorityId: authority.id, applicantType: 'VICTIM', consentToShare: false, summary } }, req);
      return simplePage(res, 200, s, s.anonymousTitle, `<p class="govuk-body">${esc(s.anonymousBody)}</p><p class="govuk-body">${esc(s.anonymousAgain)}</p>${again}`);
    }
    const consentToShare = a.consent === 'yes';
    const person = (given?: string, family?: string, extra: Record<string, unknown> = {}) => ({ givenName: given, familyName: family, ...extra });
    let registered: { applicantPersonId: string; victimPersonId: string | null; consentId: string | null };
    try {
      const data = await service<{ _registerOnlineApplicant: typeof registered }>(
        'consent',
        'mutation Register($input: OnlineApplicantInput!) { _registerOnlineApplicant(input: $input) { applicantPersonId victimPersonId consentId } }',
        {
          input: {
            authorityId: authority.id,
            applicant: person(a.givenName, a.familyName, { dateOfBirth: dateOfBirth(a), postcode: a.postcode, address: a.address ?? null, email: a.email ?? null, phone: a.phone ?? null }),
            victim: a.who === 'behalf' ? person(a.victimGivenName, a.victimFamilyName) : null,
            consentToShare,
            noticeVersion: PRIVACY_NOTICE_VERSION,
          },
        },
        req,
      );
      registered = data._registerOnlineApplicant;
    } catch (err) {
      // A detail the hub's own checks refuse (they are stricter in places): back to its page, naming the field.
      const field = String((err as GraphQLError).extensions?.field ?? '').split('.').pop() ?? '';
      const step = (['about', 'contact'] as Step[]).find((st) => fieldsOf(st, []).includes(field));
      if (!step || !(field in FIELDS)) throw err;
      const message = (s.errors as Record<string, unknown>)[field];
      return renderStep(res, authority, step, a, lang, [{ field, message: typeof message === 'string' ? message : s.errors.tooLong(field, FIELDS[field as keyof typeof FIELDS]) }], true);
    }
    const data = await service<{ _submitOnlineApplication: Submission }>(
      'triggers',
      submitQuery,
      {
        input: {
          authorityId: authority.id,
          applicantType: a.who === 'behalf' ? 'REPRESENTATIVE' : 'VICTIM',
          applicantPersonId: registered.applicantPersonId,
          victimPersonId: registered.victimPersonId,
          consentToShare,
          consentId: registered.consentId,
          summary,
          contactPreference: a.contactBy === 'post' ? 'POST' : 'EMAIL',
        },
      },
      req,
    );
    const result = data._submitOnlineApplication;
    // The same person (by name, date of birth and postcode) already has an open application: the
    // sender may not be that person, so neither its reference nor a link to it is shown.
    if (result.repeat) return simplePage(res, 200, s, s.repeatTitle, `<p class="govuk-body">${esc(s.repeatBody)}</p>`);
    // The link the acknowledgement (CT1, by e-mail or post) gave; one of its own when none was sent (not pursued).
    const { token, expiresAt } = result.applicantLinkToken
      ? { token: result.applicantLinkToken, expiresAt: new Date(result.applicantLinkExpiresAt!) }
      : await signApplicantLink(c, { applicationId: result.applicationId!, personId: registered.applicantPersonId, authorityId: authority.id }, c.APPLICANT_LINK_DAYS);
    const href = `/apply/${authority.id}/status/${token}?lang=${lang}`;
    const link = `<p class="govuk-body">${esc(s.doneLink)}</p><p class="govuk-body"><a class="govuk-link" id="applicant-link" href="${esc(href)}">${esc(s.doneLinkText)}</a></p><p class="govuk-body">${esc(s.doneExpires(longDate(expiresAt, lang)))}</p>`;
    if (result.outcome === 'NOT_PURSUED') {
      return simplePage(res, 200, s, s.notPursuedTitle, `<p class="govuk-body">${esc(s.notPursuedBody)}</p><p class="govuk-body">${esc(s.notPursuedAgain)}</p>${link}${again}`);
    }
    const main = `<div class="govuk-panel govuk-panel--confirmation"><h1 class="govuk-panel__title">${esc(s.doneTitle)}</h1><div class="govuk-panel__body">${esc(s.doneReference)}<br><strong id="reference">${esc(result.reference)}</strong></div></div>
<h2 class="govuk-heading-m">${esc(s.doneNext)}</h2>
<p class="govuk-body">${esc(s.doneAck(a.contactBy !== 'post'))}</p>
${link}`;
    res.status(201).type('html').send(page({ s, title: s.doneTitle, main, css: css() }));
  }

  // ---- the applicant's own page ----

  type View = {
    applicationId: string; reference: string; authorityAgencyId: string; status: string; notPursuedReason: string | null; receivedAt: string; meetingOn: string | null;
    dates: Array<{ kind: string; dueOn: string; metAt: string | null }>; letters: Array<{ kind: string; subject: string; sentAt: string; text: string }>;
    leadOfficer: string | null; consentId: string | null; consentStatus: string | null;
    victimContact: { name: string; role: string; agencyId: string; phone: string | null; email: string | null } | null; victimInvolvement: string | null;
  };
  const INVOLVEMENTS = ['ATTEND_IN_PERSON', 'ATTEND_VIRTUALLY', 'WRITTEN_SUBMISSION', 'KEPT_INFORMED'];
  const OPEN = (status: string) => status !== 'CLOSED' && status !== 'NOT_PURSUED';

  async function viewOf(req: Request, authority: Authority): Promise<{ view: View; personId: string } | { refused: 'invalid' | 'expired' }> {
    const check = await verifyApplicantLink(c, String(req.params.token));
    if (!check.ok) return { refused: check.reason };
    if (check.link.authorityId !== authority.id) return { refused: 'invalid' };
    const data = await service<{ _applicantView: View | null }>(
      'triggers',
      'query View($a: ID!, $p: ID!) { _applicantView(applicationId: $a, personId: $p) { applicationId reference authorityAgencyId status notPursuedReason receivedAt meetingOn dates { kind dueOn metAt } letters { kind subject sentAt text } leadOfficer consentId consentStatus victimContact { name role agencyId phone email } victimInvolvement } }',
      { a: check.link.applicationId, p: check.link.personId },
      req,
    );
    if (!data._applicantView || data._applicantView.authorityAgencyId !== authority.id) return { refused: 'invalid' };
    return { view: data._applicantView, personId: check.link.personId };
  }

  function refusedLink(res: Response, s: Strings, reason: 'invalid' | 'expired') {
    simplePage(res, reason === 'expired' ? 410 : 404, s, reason === 'expired' ? s.statusExpired : s.statusInvalid, `<p class="govuk-body">${esc(s.statusInvalidBody)}</p>`);
  }

  function statusPage(res: Response, req: Request, authority: Authority, view: View, lang: Lang, banner?: string, errors: FieldError[] = []) {
    const s = STRINGS[lang];
    const self = `/apply/${authority.id}/status/${String(req.params.token)}`;
    const stage = s.stages[view.status] ?? view.status;
    const rows = [
      { key: s.statusReference, value: `<span id="status-reference">${esc(view.reference)}</span>` },
      { key: s.statusStage, value: `<strong class="govuk-tag" id="status-stage">${esc(stage)}</strong>${view.notPursuedReason ? `<br>${esc(s.notPursuedReasons[view.notPursuedReason] ?? '')}` : ''}` },
      { key: s.statusReceived, value: esc(longDate(new Date(view.receivedAt), lang)) },
      { key: s.statusConsent, value: `<span id="status-consent">${esc(view.consentStatus ? (s.consentStates[view.consentStatus] ?? view.consentStatus) : s.consentNo)}</span>` },
    ];
    const dates = view.dates.length
      ? `<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--m">${esc(s.statusDates)}</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header"></th><th scope="col" class="govuk-table__header">${esc(s.statusDue)}</th><th scope="col" class="govuk-table__header">${esc(s.statusMet)}</th></tr></thead>
<tbody class="govuk-table__body">${view.dates
          .map((d) => `<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${esc(s.dateKinds[d.kind] ?? d.kind)}</th><td class="govuk-table__cell">${esc(longDate(new Date(`${d.dueOn}T12:00:00Z`), lang))}</td><td class="govuk-table__cell">${d.metAt ? esc(longDate(new Date(d.metAt), lang)) : ''}</td></tr>`)
          .join('')}</tbody></table>`
      : '';
    const letters = view.letters.length
      ? view.letters
          .map((l) => `<details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">${esc(l.kind)}: ${esc(l.subject)} (${esc(longDate(new Date(l.sentAt), lang))})</span></summary><div class="govuk-details__text">${lines(l.text)}</div></details>`)
          .join('\n')
      : `<p class="govuk-body">${esc(s.statusNoLetters)}</p>`;
    const withdraw =
      view.consentId && view.consentStatus === 'ACTIVE'
        ? `<h2 class="govuk-heading-m">${esc(s.statusWithdrawTitle)}</h2><p class="govuk-body">${esc(s.statusWithdrawBody)}</p>
<form method="post" action="${esc(self)}/withdraw" novalidate><input type="hidden" name="lang" value="${lang}">
${textarea(s, { name: 'reason', label: s.statusWithdrawReason, rows: 3 })}
${button(s.statusWithdrawButton, 'warning')}</form>`
        : '';
    const vc = view.victimContact;
    const agencyName = (id: string) => authority.agencies.find((ag) => ag.id === id)?.name ?? authority.name;
    const officer = vc
      ? `<h3 class="govuk-heading-s">${esc(s.statusOfficer)}</h3><p class="govuk-body" id="status-officer"><strong>${esc(vc.name)}</strong><br>${esc(s.statusOfficerAt(vc.role, agencyName(vc.agencyId)))}${vc.phone ? `<br>${esc(s.statusOfficerPhone)}: ${esc(vc.phone)}` : ''}${vc.email ? `<br>${esc(s.statusOfficerEmail)}: <a class="govuk-link" href="mailto:${esc(vc.email)}">${esc(vc.email)}</a>` : ''}</p>`
      : `<p class="govuk-body" id="status-officer">${esc(s.statusOfficerNone)}</p>`;
    const chosen = view.victimInvolvement ? `<p class="govuk-body" id="status-involvement">${esc(s.involvementChosen)} ${esc(s.involvement[view.victimInvolvement] ?? '')}.</p>` : '';
    const involvement = OPEN(view.status)
      ? `<h2 class="govuk-heading-m">${esc(s.involvementTitle)}</h2>${chosen}
<form method="post" action="${esc(self)}/involvement" novalidate><input type="hidden" name="lang" value="${lang}">
${radios(s, { name: 'involvement', legend: s.involvementTitle, hint: s.involvementHint, value: view.victimInvolvement ?? undefined, items: INVOLVEMENTS.map((v) => ({ value: v, label: capitalise(s.involvement[v]) })) }, errors)}
${button(s.involvementButton, 'secondary')}</form>`
      : chosen;
    const main = `${banner ? `<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="banner-title"><div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="banner-title">${lang === 'cy' ? 'Llwyddiant' : 'Success'}</h2></div><div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${esc(banner)}</p></div></div>` : ''}
<h1 class="govuk-heading-l">${esc(s.statusTitle)}</h1>
${summaryList(rows)}
${dates}
<h2 class="govuk-heading-m">${esc(s.statusLetters)}</h2>
${letters}
<h2 class="govuk-heading-m">${esc(s.statusContact)}</h2>
<p class="govuk-body" id="status-contact">${esc(s.statusContactBody(authority.name))}</p>
${officer}
${view.leadOfficer ? `<p class="govuk-body">${esc(s.statusLeadOfficer)}: ${esc(view.leadOfficer)}</p>` : ''}
${involvement}
${withdraw}`;
    res
      .status(errors.length ? 400 : 200)
      .type('html')
      .send(page({ s, title: s.statusTitle, main, errors, css: css(), langSwitch: { href: `${self}?lang=${s.otherLang}` } }));
  }

  router.get(
    '/apply/:authority/status/:token',
    handle(async (req, res, authority) => {
      const lang = reqLang(req);
      const found = await viewOf(req, authority);
      if ('refused' in found) return refusedLink(res, STRINGS[lang], found.refused);
      statusPage(res, req, authority, found.view, lang);
    }),
  );

  router.post(
    '/apply/:authority/status/:token/withdraw',
    pagesLimit,
    parse,
    handle(async (req, res, authority) => {
      const lang = reqLang(req);
      const s = STRINGS[lang];
      const found = await viewOf(req, authority);
      if ('refused' in found) return refusedLink(res, s, found.refused);
      const { view, personId } = found;
      if (view.consentId && view.consentStatus === 'ACTIVE') {
        const reason = typeof (req.body as Record<string, unknown>).reason === 'string' ? String((req.body as Record<string, unknown>).reason).trim().slice(0, 250) : '';
        try {
          await service('consent', 'mutation Withdraw($c: ID!, $p: ID!, $a: ID!, $r: String!) { _withdrawOnlineConsent(consentId: $c, personId: $p, authorityId: $a, reason: $r) }', { c: view.consentId, p: personId, a: authority.id, r: reason || 'withdrawn by the applicant online' }, req);
        } catch (err) {
          if ((err as GraphQLError).extensions?.code !== 'CONFLICT') throw err;
        }
      }
      const after = await viewOf(req, authority);
      if ('refused' in after) return refusedLink(res, s, after.refused);
      statusPage(res, req, authority, after.view, lang, s.statusWithdrawn);
    }),
  );

  router.post(
    '/apply/:authority/status/:token/involvement',
    pagesLimit,
    parse,
    handle(async (req, res, authority) => {
      const lang = reqLang(req);
      const s = STRINGS[lang];
      const found = await viewOf(req, authority);
      if ('refused' in found) return refusedLink(res, s, found.refused);
      const choice = (req.body as Record<string, unknown>).involvement;
      if (typeof choice !== 'string' || !INVOLVEMENTS.includes(choice)) {
        return statusPage(res, req, authority, found.view, lang, undefined, [{ field: 'involvement', message: s.involvementMissing }]);
      }
      const saved = await service<{ _setApplicantInvolvement: boolean }>(
        'triggers',
        'mutation Involve($a: ID!, $p: ID!, $i: VictimInvolvement!) { _setApplicantInvolvement(applicationId: $a, personId: $p, involvement: $i) }',
        { a: found.view.applicationId, p: found.personId, i: choice },
        req,
      );
      const after = await viewOf(req, authority);
      if ('refused' in after) return refusedLink(res, s, after.refused);
      // Not recorded (the application has closed meanwhile): the page as it stands, without the banner.
      statusPage(res, req, authority, after.view, lang, saved._setApplicantInvolvement ? s.involvementSaved : undefined);
    }),
  );

  return router;
}

const capitalise = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

function longDate(d: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'cy' ? 'cy-GB' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(d);
}
