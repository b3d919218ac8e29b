import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { VictimInvolvement } from '../gql/graphql';
import { problems, withheldAt } from '../client';
import { apiErrors, check, Radios, Select, SuccessBanner, TextInput, useFieldErrors, type FieldError } from '../forms';
import { ErrorSummary, Loading, SummaryList, Value } from '../ui';

const VictimQuery = graphql(`
  query VictimPart($id: ID!) {
    triggerApplication(id: $id) {
      id
      victimInvolvement
      victimContact {
        name
        role
        agencyId
        phone
        email
        agency {
          id
          name
        }
      }
    }
    agencies {
      id
      name
      area
    }
  }
`);

const SetContact = graphql(`
  mutation SetVictimContact($id: ID!, $contact: VictimContactInput!) {
    setVictimContact(applicationId: $id, contact: $contact) {
      id
      victimContact {
        name
      }
    }
  }
`);

const SetInvolvement = graphql(`
  mutation SetVictimInvolvement($id: ID!, $involvement: VictimInvolvement!) {
    setVictimInvolvement(applicationId: $id, involvement: $involvement) {
      id
      victimInvolvement
    }
  }
`);

export const INVOLVEMENT: Array<{ value: VictimInvolvement; label: string }> = [
  { value: 'ATTEND_IN_PERSON', label: 'Attend the case review meeting in person' },
  { value: 'ATTEND_VIRTUALLY', label: 'Attend the meeting by video or phone' },
  { value: 'WRITTEN_SUBMISSION', label: 'Send a written account to the panel instead of attending' },
  { value: 'KEPT_INFORMED', label: 'Not take part, but be kept informed' },
];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The victim's part in the review, on the application page: the officer named as their single
 * point of contact (shown on the applicant's own page) and how they want to take part.
 */
export function VictimPart({ applicationId, authorityId, area }: { applicationId: string; authorityId: string; area: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: VictimQuery, variables: { id: applicationId } });
  const [contactResult, setContact] = useMutation(SetContact);
  const [involvementResult, setInvolvement] = useMutation(SetInvolvement);
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [agencyId, setAgencyId] = useState(authorityId);
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [involvement, setChoice] = useState<VictimInvolvement | ''>('');
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, setErrors, of } = useFieldErrors();

  if (fetching && !data) return <Loading />;
  const app = data?.triggerApplication;
  if (!app) return <ErrorSummary errors={problems(error).map((text) => ({ text }))} />;
  const contact = app.victimContact;
  const agencies = (data?.agencies ?? []).filter((a) => a.id === authorityId || a.area === area);
  const involvementWithheld = withheldAt(error, ['triggerApplication', 'victimInvolvement']);

  const saveContact = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const errs: FieldError[] = [];
    check(errs, !name.trim(), 'contact-name', 'Enter the name of the victim’s contact');
    check(errs, !role.trim(), 'contact-role', 'Enter the contact’s role, for example Neighbourhood Officer');
    check(errs, !agencyId, 'contact-agency', 'Select the contact’s agency');
    check(
      errs,
      !!email.trim() && !EMAIL.test(email.trim()),
      'contact-email',
      'Enter the contact’s work email address in the correct format, like name@example.org',
    );
    check(errs, !phone.trim() && !email.trim(), 'contact-phone', 'Enter a work phone number or email address for the contact');
    setErrors(errs);
    if (errs.length) return;
    const r = await setContact({
      id: applicationId,
      contact: { name: name.trim(), role: role.trim(), agencyId, phone: phone.trim() || undefined, email: email.trim() || undefined },
    });
    if (!r.error) {
      setSaved('The victim’s contact is saved: the applicant sees them on their page.');
      refetch({ requestPolicy: 'network-only' });
    }
  };
  const saveInvolvement = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const errs: FieldError[] = [];
    check(errs, !involvement, 'involvement', 'Select how the victim wants to take part');
    setErrors(errs);
    if (errs.length || !involvement) return;
    const r = await setInvolvement({ id: applicationId, involvement });
    if (!r.error) {
      setSaved('How the victim wants to take part is saved.');
      refetch({ requestPolicy: 'network-only' });
    }
  };

  const summaryErrors = [
    ...errors,
    ...apiErrors(contactResult.error, {
      'contact.name': 'contact-name',
      'contact.role': 'contact-role',
      'contact.agencyId': 'contact-agency',
      'contact.phone': 'contact-phone',
      'contact.email': 'contact-email',
    }),
    ...apiErrors(involvementResult.error, { involvement: 'involvement' }),
  ];
  return (
    <section aria-labelledby="victim-part" data-testid="victim-part">
      <h2 className="govuk-heading-m" id="victim-part">
        The victim’s part
      </h2>
      <ErrorSummary errors={summaryErrors} />
      {saved && (
        <SuccessBanner testId="victim-saved">
          <p className="govuk-notification-banner__heading">{saved}</p>
        </SuccessBanner>
      )}
      <SummaryList
        rows={[
          [
            'Named contact',
            contact ? (
              <span data-testid="victim-contact">
                {contact.name}, {contact.role}, {contact.agency.name}
                {contact.phone && <>, {contact.phone}</>}
                {contact.email && <>, {contact.email}</>}
              </span>
            ) : (
              <Value value={null} />
            ),
          ],
          ['Taking part', <Value value={INVOLVEMENT.find((o) => o.value === app.victimInvolvement)?.label} withheld={involvementWithheld} />],
        ]}
      />
      <form onSubmit={saveContact} noValidate data-testid="victim-contact-form">
        <fieldset className="govuk-fieldset">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{contact ? 'Change the victim’s contact' : 'Name the victim’s contact'}</legend>
          <div className="govuk-hint">The officer the victim deals with throughout the review. Give their work details only.</div>
          <TextInput id="contact-name" label="Name" value={name} onChange={setName} error={of('contact-name')} width={20} />
          <TextInput
            id="contact-role"
            label="Role"
            hint="For example Neighbourhood Officer, ASB Caseworker"
            value={role}
            onChange={setRole}
            error={of('contact-role')}
            width={20}
          />
          <Select
            id="contact-agency"
            label="Agency"
            value={agencyId}
            onChange={setAgencyId}
            options={agencies.map((a) => [a.id, a.name])}
            error={of('contact-agency')}
          />
          <TextInput
            id="contact-phone"
            label="Work phone (optional if you give an email)"
            type="tel"
            value={phone}
            onChange={setPhone}
            error={of('contact-phone')}
            width={20}
          />
          <TextInput
            id="contact-email"
            label="Work email (optional if you give a phone)"
            type="email"
            value={email}
            onChange={setEmail}
            error={of('contact-email')}
            width={30}
          />
        </fieldset>
        <button type="submit" className="govuk-button govuk-button--secondary">
          Save the contact
        </button>
      </form>
      <form onSubmit={saveInvolvement} noValidate data-testid="victim-involvement-form">
        <Radios
          id="involvement"
          legend="How does the victim want to take part?"
          options={INVOLVEMENT}
          value={involvement}
          onChange={setChoice}
          error={of('involvement')}
        />
        <button type="submit" className="govuk-button govuk-button--secondary">
          Save how they take part
        </button>
      </form>
    </section>
  );
}
