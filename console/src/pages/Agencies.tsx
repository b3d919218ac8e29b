import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { AgencyKind } from '../gql/graphql';
import { problems } from '../client';
import { apiErrors, check, Radios, Select, SuccessBanner, TextInput, useFieldErrors, type FieldError } from '../forms';
import { ErrorSummary, Loading, PageHeading, Tag, humanise } from '../ui';

const AgenciesQuery = graphql(`
  query AdminAgencies {
    agencies {
      id
      name
      kind
      area
      isAuthority
    }
  }
`);

const RegisterAgency = graphql(`
  mutation RegisterAgency($input: AgencyInput!) {
    registerAgency(input: $input) {
      id
      name
    }
  }
`);

const UpdateAgency = graphql(`
  mutation UpdateAgency($id: ID!, $input: AgencyUpdateInput!) {
    updateAgency(id: $id, input: $input) {
      id
      name
    }
  }
`);

const KINDS: Array<[AgencyKind, string]> = [
  ['COUNCIL', 'Council'],
  ['POLICE', 'Police'],
  ['HOUSING', 'Housing provider'],
  ['WARDEN', 'Community wardens'],
  ['HEALTH', 'Health'],
  ['FIRE', 'Fire and rescue service'],
  ['PCC', 'Police and Crime Commissioner’s office'],
  ['OTHER', 'Other'],
];
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

type AgencyForm = { id: string; name: string; kind: AgencyKind | ''; area: string; isAuthority: 'yes' | 'no' | '' };
const empty: AgencyForm = { id: '', name: '', kind: '', area: '', isAuthority: '' };

/**
 * The partner agencies (admin): each with its kind, area and whether it is an authority (a council
 * whose SPOC runs the Community Trigger); register one, or change one.
 */
export function Agencies() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: AgenciesQuery });
  const [editing, setEditing] = useState<string | null>(null);
  const [form, setForm] = useState<AgencyForm>(empty);
  const [done, setDone] = useState<string | null>(null);
  const { errors, setErrors, of } = useFieldErrors();
  const [registered, register] = useMutation(RegisterAgency);
  const [updated, update] = useMutation(UpdateAgency);
  const agencies = data?.agencies ?? [];
  const set = (k: keyof AgencyForm) => (v: string) => setForm({ ...form, [k]: v });

  const edit = (id: string) => {
    const a = agencies.find((x) => x.id === id);
    if (!a) return;
    setEditing(id);
    setDone(null);
    setErrors([]);
    setForm({ id: a.id, name: a.name, kind: a.kind, area: a.area, isAuthority: a.isAuthority ? 'yes' : 'no' });
    document.getElementById('agency-form')?.scrollIntoView();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const errs: FieldError[] = [];
    if (!editing) {
      check(errs, !form.id.trim(), 'agency-id', 'Enter the agency’s id');
      check(errs, !!form.id.trim() && !SLUG.test(form.id.trim()), 'agency-id', 'Enter the id in lower-case letters, digits and hyphens, like kent-fire');
      check(errs, !!form.id.trim() && agencies.some((a) => a.id === form.id.trim()), 'agency-id', 'An agency with this id is already registered');
    }
    check(errs, !form.name.trim(), 'agency-name', 'Enter the agency’s name');
    check(errs, !form.kind, 'agency-kind', 'Select what kind of agency it is');
    check(errs, !form.area.trim(), 'agency-area', 'Enter the area the agency serves');
    check(errs, !form.isAuthority, 'agency-authority', 'Select whether the agency is an authority');
    setErrors(errs);
    if (errs.length || !form.kind) return;
    const fields = { name: form.name.trim(), kind: form.kind, area: form.area.trim().toLowerCase(), isAuthority: form.isAuthority === 'yes' };
    const r = editing ? await update({ id: editing, input: fields }) : await register({ input: { id: form.id.trim(), ...fields } });
    if (r.error) return;
    setDone(editing ? `${fields.name} is changed.` : `${fields.name} is registered.`);
    setEditing(null);
    setForm(empty);
    refetch({ requestPolicy: 'network-only' });
  };

  const fieldMap = {
    'input.id': 'agency-id',
    'input.name': 'agency-name',
    'input.kind': 'agency-kind',
    'input.area': 'agency-area',
    'input.isAuthority': 'agency-authority',
  };
  return (
    <>
      <PageHeading caption="Administration">Partner agencies</PageHeading>
      <ErrorSummary
        errors={[...errors, ...apiErrors(registered.error, fieldMap), ...apiErrors(updated.error, fieldMap), ...problems(error).map((text) => ({ text }))]}
      />
      {done && (
        <SuccessBanner testId="agency-saved">
          <p className="govuk-notification-banner__heading">{done}</p>
        </SuccessBanner>
      )}
      {fetching && !data && <Loading />}
      {agencies.length > 0 && (
        <table className="govuk-table" data-testid="agencies">
          <caption className="govuk-table__caption govuk-table__caption--m">Registered agencies</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Name
              </th>
              <th scope="col" className="govuk-table__header">
                Id
              </th>
              <th scope="col" className="govuk-table__header">
                Kind
              </th>
              <th scope="col" className="govuk-table__header">
                Area
              </th>
              <th scope="col" className="govuk-table__header">
                Authority
              </th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {agencies.map((a) => (
              <tr className="govuk-table__row" key={a.id} data-testid={`agency-${a.id}`}>
                <th scope="row" className="govuk-table__header">
                  {a.name}
                </th>
                <td className="govuk-table__cell">
                  <code>{a.id}</code>
                </td>
                <td className="govuk-table__cell">{KINDS.find(([k]) => k === a.kind)?.[1] ?? humanise(a.kind)}</td>
                <td className="govuk-table__cell">{a.area}</td>
                <td className="govuk-table__cell">{a.isAuthority ? <Tag colour="blue">Authority</Tag> : 'No'}</td>
                <td className="govuk-table__cell">
                  <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => edit(a.id)}>
                    Change<span className="govuk-visually-hidden"> {a.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={submit} noValidate id="agency-form" data-testid="agency-form">
        <h2 className="govuk-heading-m">{editing ? `Change ${agencies.find((a) => a.id === editing)?.name ?? editing}` : 'Register an agency'}</h2>
        {!editing && (
          <TextInput
            id="agency-id"
            label="Id"
            hint="A short readable id in lower case, like kent-fire. It cannot be changed later."
            value={form.id}
            onChange={set('id')}
            error={of('agency-id')}
            width={20}
          />
        )}
        <TextInput id="agency-name" label="Name" hint="The name a victim knows" value={form.name} onChange={set('name')} error={of('agency-name')} width={30} />
        <Select
          id="agency-kind"
          label="Kind"
          value={form.kind}
          onChange={set('kind')}
          options={KINDS}
          placeholder="Select the kind"
          error={of('agency-kind')}
        />
        <TextInput
          id="agency-area"
          label="Area"
          hint="The county or area it serves, like kent"
          value={form.area}
          onChange={set('area')}
          error={of('agency-area')}
          width={20}
        />
        <Radios
          id="agency-authority"
          legend="Is it an authority?"
          hint="A council whose single point of contact runs the Community Trigger for its area"
          options={[
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ]}
          value={form.isAuthority}
          onChange={set('isAuthority')}
          error={of('agency-authority')}
          inline
        />
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button" disabled={registered.fetching || updated.fetching}>
            {editing ? 'Save the changes' : 'Register the agency'}
          </button>
          {editing && (
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => {
                setEditing(null);
                setForm(empty);
                setErrors([]);
              }}
            >
              Cancel
            </button>
          )}
        </div>
      </form>
    </>
  );
}
