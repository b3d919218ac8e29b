import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { DataCategory, LawfulBasis, Purpose } from '../gql/graphql';
import { currentSession } from '../auth';
import { problems } from '../client';
import { Link } from '../router';
import { apiErrors, check, Checkboxes, localToIso, Radios, Select, SuccessBanner, TextArea, TextInput, useFieldErrors, type FieldError } from '../forms';
import { ErrorSummary, Loading, PageHeading, Tag, formatDate, formatDateTime, humanise } from '../ui';

const AgreementsQuery = graphql(`
  query DataSharingAgreements {
    dataSharingAgreements {
      id
      reference
      title
      parties
      partyDpos
      purposes
      categories
      lawfulBasis
      legalGateway
      retention
      startsOn
      reviewOn
      endsOn
      recordedBy
    }
    agencies {
      id
      name
    }
  }
`);

const RecordAgreement = graphql(`
  mutation RecordDataSharingAgreement($input: DataSharingAgreementInput!) {
    recordDataSharingAgreement(input: $input) {
      id
      reference
    }
  }
`);

const PURPOSES: Array<{ value: Purpose; label: string }> = [
  { value: 'CASE_REVIEW', label: 'ASB Case Review (Community Trigger)' },
  { value: 'CASE_MANAGEMENT', label: 'ASB case management' },
];
const CATEGORIES: Array<{ value: DataCategory; label: string }> = [
  { value: 'IDENTITY', label: 'Identity' },
  { value: 'CONTACT', label: 'Contact details' },
  { value: 'INCIDENT_DETAIL', label: 'Incident detail' },
  { value: 'SPECIAL_CATEGORY', label: 'Special category (health, vulnerabilities)' },
];
const BASES: Array<{ value: LawfulBasis; label: string }> = [
  { value: 'PUBLIC_TASK', label: 'Public task (Art. 6(1)(e))' },
  { value: 'LEGAL_OBLIGATION', label: 'Legal obligation (Art. 6(1)(c))' },
  { value: 'VITAL_INTERESTS', label: 'Vital interests (Art. 6(1)(d))' },
  { value: 'CONSENT', label: 'Consent (Art. 6(1)(a))' },
];

const agencyName = (agencies: Array<{ id: string; name: string }>, id: string) => agencies.find((a) => a.id === id)?.name ?? id;

/** The data sharing agreements between the partners (ICO data sharing code), and recording one. */
export function Agreements() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: AgreementsQuery });
  const [recorded, setRecorded] = useState<string | null>(null);
  const agencies = data?.agencies ?? [];
  const today = new Date().toISOString().slice(0, 10);
  return (
    <>
      <ErrorSummary errors={problems(error).map((text) => ({ text }))} />
      {recorded && (
        <SuccessBanner testId="agreement-recorded">
          <p className="govuk-notification-banner__heading">Agreement {recorded} recorded.</p>
        </SuccessBanner>
      )}
      <PageHeading caption="Data protection">Data sharing agreements</PageHeading>
      <p className="govuk-body">
        The agreements the partners share personal data under. A grant on a basis other than consent must rest on one that covers both agencies, the purpose,
        the categories and the basis.
      </p>
      {fetching && !data && <Loading />}
      {data && (
        <table className="govuk-table app-table--small" data-testid="agreements">
          <caption className="govuk-table__caption govuk-table__caption--m">Agreements on record</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Agreement
              </th>
              <th scope="col" className="govuk-table__header">
                Parties
              </th>
              <th scope="col" className="govuk-table__header">
                What and why
              </th>
              <th scope="col" className="govuk-table__header">
                In force
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {data.dataSharingAgreements.map((a) => (
              <tr className="govuk-table__row" key={a.id}>
                <th scope="row" className="govuk-table__header">
                  {a.reference}
                  <br />
                  <span className="govuk-body-s">{a.title}</span>
                </th>
                <td className="govuk-table__cell">
                  <ul className="govuk-list govuk-body-s">
                    {a.parties.map((p) => (
                      <li key={p}>{agencyName(agencies, p)}</li>
                    ))}
                  </ul>
                </td>
                <td className="govuk-table__cell">
                  {a.purposes.map(humanise).join(', ')}: {a.categories.map(humanise).join(', ')}
                  <br />
                  <span className="govuk-hint">
                    {humanise(a.lawfulBasis)}; {a.legalGateway}. Kept: {a.retention}
                  </span>
                </td>
                <td className="govuk-table__cell">
                  {formatDate(a.startsOn)} to {formatDate(a.endsOn)}
                  <br />
                  {a.endsOn < today ? (
                    <Tag colour="grey">Ended</Tag>
                  ) : a.reviewOn < today ? (
                    <Tag colour="red">Review overdue</Tag>
                  ) : (
                    <Tag colour="green">In force</Tag>
                  )}{' '}
                  <span className="govuk-hint">review {formatDate(a.reviewOn)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RecordAgreementForm
        agencies={agencies}
        onRecorded={(ref) => {
          setRecorded(ref);
          refetch({ requestPolicy: 'network-only' });
        }}
      />
    </>
  );
}

function RecordAgreementForm({ agencies, onRecorded }: { agencies: Array<{ id: string; name: string }>; onRecorded: (reference: string) => void }) {
  const own = currentSession()?.agency ?? '';
  const [f, setF] = useState({
    reference: '',
    title: '',
    legalGateway: '',
    retention: '',
    startsOn: '',
    reviewOn: '',
    endsOn: '',
    lawfulBasis: '' as LawfulBasis | '',
  });
  const [parties, setParties] = useState<string[]>([own]);
  const [dpos, setDpos] = useState<Record<string, string>>({});
  const [purposes, setPurposes] = useState<Purpose[]>([]);
  const [categories, setCategories] = useState<DataCategory[]>([]);
  const { errors, setErrors, of } = useFieldErrors();
  const [result, record] = useMutation(RecordAgreement);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldError[] = [];
    check(errs, !f.reference.trim(), 'dsa-reference', 'Enter the agreement’s reference');
    check(errs, !f.title.trim(), 'dsa-title', 'Enter the agreement’s title');
    check(errs, parties.length < 2, 'dsa-parties', 'Select at least two parties, your agency among them');
    check(errs, !!own && !parties.includes(own), 'dsa-parties', 'Your agency must be a party to the agreement');
    for (const p of parties) check(errs, !dpos[p]?.trim(), `dsa-dpo-${p}`, `Enter the data protection officer of ${agencyName(agencies, p)}`);
    check(errs, purposes.length === 0, 'dsa-purposes', 'Select the purposes of the sharing');
    check(errs, categories.length === 0, 'dsa-categories', 'Select the categories of data shared');
    check(errs, !f.lawfulBasis, 'dsa-basis', 'Select the lawful basis');
    check(errs, !f.legalGateway.trim(), 'dsa-gateway', 'Enter the legal gateway (statute and section)');
    check(errs, !f.retention.trim(), 'dsa-retention', 'Enter how long shared data is kept');
    check(errs, !f.startsOn, 'dsa-starts', 'Enter the date the agreement starts');
    check(errs, !f.reviewOn, 'dsa-review', 'Enter the date the agreement is reviewed');
    if (!check(errs, !f.endsOn, 'dsa-ends', 'Enter the last day the agreement is in force'))
      check(errs, !!f.startsOn && f.endsOn < f.startsOn, 'dsa-ends', 'The agreement must end after it starts');
    check(
      errs,
      !!f.reviewOn && !!f.startsOn && !!f.endsOn && (f.reviewOn < f.startsOn || f.reviewOn > f.endsOn),
      'dsa-review',
      'The review date must fall while the agreement is in force',
    );
    setErrors(errs);
    if (errs.length || !f.lawfulBasis) return;
    const r = await record({
      input: {
        reference: f.reference.trim(),
        title: f.title.trim(),
        parties,
        partyDpos: parties.map((p) => dpos[p].trim()),
        purposes,
        categories,
        lawfulBasis: f.lawfulBasis,
        legalGateway: f.legalGateway.trim(),
        retention: f.retention.trim(),
        startsOn: f.startsOn,
        reviewOn: f.reviewOn,
        endsOn: f.endsOn,
      },
    });
    if (!r.error) onRecorded(r.data!.recordDataSharingAgreement.reference);
  };
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Record an agreement</span>
      </summary>
      <div className="govuk-details__text">
        <form onSubmit={submit} noValidate>
          <ErrorSummary
            errors={[
              ...errors,
              ...apiErrors(result.error, {
                'input.reference': 'dsa-reference',
                'input.parties': 'dsa-parties',
                'input.partyDpos': 'dsa-parties',
                'input.endsOn': 'dsa-ends',
                'input.reviewOn': 'dsa-review',
                'input.startsOn': 'dsa-starts',
                'input.categories': 'dsa-categories',
                'input.lawfulBasis': 'dsa-basis',
              }),
            ]}
          />
          <TextInput
            id="dsa-reference"
            label="Reference"
            hint="As the parties know it, for example DSA-KENT-2027"
            value={f.reference}
            onChange={set('reference')}
            error={of('dsa-reference')}
            width={20}
          />
          <TextInput id="dsa-title" label="Title" value={f.title} onChange={set('title')} error={of('dsa-title')} />
          <Checkboxes
            id="dsa-parties"
            legend="Parties"
            hint="Each party shares and receives under the agreement"
            options={agencies.map((a) => ({ value: a.id, label: a.name }))}
            values={parties}
            onChange={setParties}
            error={of('dsa-parties')}
            small
          />
          {parties.map((p) => (
            <TextInput
              key={p}
              id={`dsa-dpo-${p}`}
              label={`Data protection officer of ${agencyName(agencies, p)}`}
              hint="A role or contact"
              value={dpos[p] ?? ''}
              onChange={(v) => setDpos({ ...dpos, [p]: v })}
              error={of(`dsa-dpo-${p}`)}
            />
          ))}
          <Checkboxes id="dsa-purposes" legend="Purposes" options={PURPOSES} values={purposes} onChange={setPurposes} error={of('dsa-purposes')} small />
          <Checkboxes
            id="dsa-categories"
            legend="Categories of data shared"
            options={CATEGORIES}
            values={categories}
            onChange={setCategories}
            error={of('dsa-categories')}
            small
          />
          <Radios
            id="dsa-basis"
            legend="Lawful basis (UK GDPR Art. 6)"
            options={BASES}
            value={f.lawfulBasis}
            onChange={set('lawfulBasis')}
            error={of('dsa-basis')}
            small
          />
          <TextArea
            id="dsa-gateway"
            label="Legal gateway"
            hint="For example Crime and Disorder Act 1998 s.115"
            value={f.legalGateway}
            onChange={set('legalGateway')}
            error={of('dsa-gateway')}
            rows={2}
          />
          <TextInput id="dsa-retention" label="How long shared data is kept" value={f.retention} onChange={set('retention')} error={of('dsa-retention')} />
          <TextInput id="dsa-starts" label="Starts on" type="date" value={f.startsOn} onChange={set('startsOn')} error={of('dsa-starts')} />
          <TextInput id="dsa-review" label="Review on" type="date" value={f.reviewOn} onChange={set('reviewOn')} error={of('dsa-review')} />
          <TextInput id="dsa-ends" label="Last day in force" type="date" value={f.endsOn} onChange={set('endsOn')} error={of('dsa-ends')} />
          <button type="submit" className="govuk-button" disabled={result.fetching}>
            Record the agreement
          </button>
        </form>
      </div>
    </details>
  );
}

const GrantsQuery = graphql(`
  query AccessGrants($personId: ID!, $includeEnded: Boolean) {
    accessGrants(personId: $personId, includeEnded: $includeEnded) {
      id
      agencyId
      category
      purpose
      basis
      consentId
      reviewId
      applicationId
      reason
      agreementRef
      supplierAgencyId
      issuedBy
      validFrom
      validUntil
      revokedAt
      revokedReason
      agency {
        id
        name
      }
    }
  }
`);

const RecordGrant = graphql(`
  mutation RecordAccessGrant($input: AccessGrantInput!) {
    recordAccessGrant(input: $input) {
      id
    }
  }
`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The access grants over a person (who may see which category of whose data, on what), and recording one. */
export function Grants() {
  const [personId, setPersonId] = useState('');
  const [includeEnded, setIncludeEnded] = useState(false);
  const [asked, setAsked] = useState<{ personId: string; includeEnded: boolean } | null>(null);
  const { errors, setErrors, of } = useFieldErrors();
  const [{ data, fetching, error }, refetch] = useQuery({ query: GrantsQuery, variables: asked ?? { personId: '' }, pause: !asked });
  const [agreements] = useQuery({ query: AgreementsQuery });
  const [recorded, setRecorded] = useState(0);
  const agencies = agreements.data?.agencies ?? [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldError[] = [];
    check(errs, !UUID.test(personId.trim()), 'grants-person', 'Enter the person id, like 0da71d00-0000-4000-8000-000000000001');
    setErrors(errs);
    if (!errs.length) setAsked({ personId: personId.trim(), includeEnded });
  };
  const grants = data?.accessGrants ?? [];
  return (
    <>
      <ErrorSummary errors={[...errors, ...problems(error).map((text) => ({ text }))]} />
      {recorded > 0 && (
        <SuccessBanner testId="grant-recorded">
          <p className="govuk-notification-banner__heading">
            {recorded} grant{recorded === 1 ? '' : 's'} recorded.
          </p>
        </SuccessBanner>
      )}
      <PageHeading caption="Data protection">Access grants</PageHeading>
      <p className="govuk-body">Which agency may see which category of a person’s data, whose data it is, on what basis and until when.</p>
      <form onSubmit={submit} noValidate>
        <TextInput id="grants-person" label="Person id" value={personId} onChange={setPersonId} error={of('grants-person')} width={30} />
        <div className="govuk-form-group">
          <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
            <div className="govuk-checkboxes__item">
              <input
                className="govuk-checkboxes__input"
                id="grants-ended"
                type="checkbox"
                checked={includeEnded}
                onChange={(e) => setIncludeEnded(e.target.checked)}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor="grants-ended">
                Include ended and revoked grants
              </label>
            </div>
          </div>
        </div>
        <button type="submit" className="govuk-button">
          Show the grants
        </button>
      </form>
      {fetching && <Loading />}
      {asked && (
        <p className="govuk-body">
          <Link href={`/people/${asked.personId}`}>Each agency’s record of this person</Link>
        </p>
      )}
      {asked && data && grants.length === 0 && <p className="govuk-body">No grants over this person.</p>}
      {grants.length > 0 && (
        <table className="govuk-table app-table--small" data-testid="grants">
          <caption className="govuk-table__caption govuk-table__caption--m">Grants over the person</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Agency
              </th>
              <th scope="col" className="govuk-table__header">
                Category and purpose
              </th>
              <th scope="col" className="govuk-table__header">
                Whose data
              </th>
              <th scope="col" className="govuk-table__header">
                Basis
              </th>
              <th scope="col" className="govuk-table__header">
                Valid
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {grants.map((g) => (
              <tr className="govuk-table__row" key={g.id}>
                <td className="govuk-table__cell">{g.agency?.name ?? g.agencyId}</td>
                <td className="govuk-table__cell">
                  {humanise(g.category)}
                  <br />
                  <span className="govuk-hint">{humanise(g.purpose)}</span>
                </td>
                <td className="govuk-table__cell">{g.supplierAgencyId ? agencyName(agencies, g.supplierAgencyId) : 'What the consent covers'}</td>
                <td className="govuk-table__cell">
                  {humanise(g.basis)}
                  {g.agreementRef && <div className="govuk-hint">{g.agreementRef}</div>}
                  {g.reason && <div className="govuk-hint">{g.reason}</div>}
                  {g.reviewId && <div className="govuk-hint">for a case review</div>}
                  {g.applicationId && <div className="govuk-hint">for an application</div>}
                </td>
                <td className="govuk-table__cell">
                  {formatDateTime(g.validFrom)} to {g.validUntil ? formatDateTime(g.validUntil) : 'open-ended'}
                  {g.revokedAt && (
                    <div>
                      <Tag colour="grey">Revoked</Tag> <span className="govuk-hint">{g.revokedReason}</span>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {asked && (
        <RecordGrantForm
          personId={asked.personId}
          agencies={agencies}
          agreements={agreements.data?.dataSharingAgreements ?? []}
          onRecorded={(n) => {
            setRecorded(n);
            refetch({ requestPolicy: 'network-only' });
          }}
        />
      )}
    </>
  );
}

function RecordGrantForm({
  personId,
  agencies,
  agreements,
  onRecorded,
}: {
  personId: string;
  agencies: Array<{ id: string; name: string }>;
  agreements: Array<{ reference: string; title: string; parties: string[] }>;
  onRecorded: (n: number) => void;
}) {
  const own = currentSession()?.agency ?? '';
  const [f, setF] = useState({ agencyId: '', agreementRef: '', basis: '' as LawfulBasis | '', purpose: '' as Purpose | '', reason: '', expiresAt: '' });
  const [categories, setCategories] = useState<DataCategory[]>([]);
  const { errors, setErrors, of } = useFieldErrors();
  const [result, record] = useMutation(RecordGrant);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const usable = agreements.filter((a) => a.parties.includes(own));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldError[] = [];
    check(errs, !f.agencyId, 'grant-agency', 'Select the agency to grant access to');
    check(errs, categories.length === 0, 'grant-categories', 'Select the categories of data');
    check(errs, !f.purpose, 'grant-purpose', 'Select the purpose');
    check(errs, !f.basis, 'grant-basis', 'Select the lawful basis');
    check(errs, !f.agreementRef, 'grant-agreement', 'Select the agreement the grant rests on');
    check(errs, !f.reason.trim(), 'grant-reason', 'Enter why the access is granted');
    if (!check(errs, !f.expiresAt, 'grant-expires', 'Enter when the grant ends'))
      check(errs, new Date(f.expiresAt) <= new Date(), 'grant-expires', 'The grant must end in the future');
    setErrors(errs);
    if (errs.length || !f.basis || !f.purpose) return;
    const r = await record({
      input: {
        personId,
        agencyId: f.agencyId,
        categories,
        purpose: f.purpose,
        basis: f.basis,
        reason: f.reason.trim(),
        agreementRef: f.agreementRef,
        expiresAt: localToIso(f.expiresAt)!,
      },
    });
    if (!r.error) onRecorded(r.data!.recordAccessGrant.length);
  };
  return (
    <form onSubmit={submit} noValidate data-testid="record-grant">
      <h2 className="govuk-heading-m">Grant access to your agency’s data of this person</h2>
      <p className="govuk-body">
        On a basis other than consent, under an agreement your agency and the other agency are party to. The grant covers only the data your agency supplied.
      </p>
      <ErrorSummary
        errors={[
          ...errors,
          ...apiErrors(result.error, {
            'input.agencyId': 'grant-agency',
            'input.agreementRef': 'grant-agreement',
            'input.categories': 'grant-categories',
            'input.basis': 'grant-basis',
            'input.expiresAt': 'grant-expires',
            'input.reason': 'grant-reason',
            'input.purpose': 'grant-purpose',
          }),
        ]}
      />
      <Select
        id="grant-agency"
        label="Agency"
        value={f.agencyId}
        onChange={set('agencyId')}
        placeholder="Select an agency"
        options={agencies.filter((a) => a.id !== own).map((a) => [a.id, a.name])}
        error={of('grant-agency')}
      />
      <Checkboxes
        id="grant-categories"
        legend="Categories"
        options={CATEGORIES}
        values={categories}
        onChange={setCategories}
        error={of('grant-categories')}
        small
      />
      <Radios id="grant-purpose" legend="Purpose" options={PURPOSES} value={f.purpose} onChange={set('purpose')} error={of('grant-purpose')} small />
      <Radios
        id="grant-basis"
        legend="Lawful basis"
        options={BASES.filter((b) => b.value !== 'CONSENT')}
        value={f.basis}
        onChange={set('basis')}
        error={of('grant-basis')}
        small
      />
      <Select
        id="grant-agreement"
        label="Data sharing agreement"
        value={f.agreementRef}
        onChange={set('agreementRef')}
        placeholder="Select an agreement"
        options={usable.map((a) => [a.reference, `${a.reference}: ${a.title}`])}
        error={of('grant-agreement')}
      />
      <TextArea id="grant-reason" label="Why" value={f.reason} onChange={set('reason')} error={of('grant-reason')} rows={2} />
      <TextInput
        id="grant-expires"
        label="Ends"
        hint="No later than the end of the agreement"
        type="datetime-local"
        value={f.expiresAt}
        onChange={set('expiresAt')}
        error={of('grant-expires')}
      />
      <button type="submit" className="govuk-button" disabled={result.fetching}>
        Record the grant
      </button>
    </form>
  );
}
