import type { ReactNode } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { problems, withheldAt } from '../client';
import { ErrorSummary, Loading, PageHeading, SummaryList, Value, formatDate, formatDateTime } from '../ui';

const PersonQuery = graphql(`
  query PersonRecords($id: ID!) {
    person(id: $id) {
      id
      givenName
      familyName
      records {
        suppliedAt
        updatedAt
        givenName
        familyName
        dateOfBirth
        address
        postcode
        phone
        email
        vulnerabilities
        agency {
          id
          name
        }
      }
    }
  }
`);

/** The fields of an agency's record, in the order shown. */
const FIELDS = [
  ['givenName', 'First name'],
  ['familyName', 'Last name'],
  ['dateOfBirth', 'Date of birth'],
  ['address', 'Address'],
  ['postcode', 'Postcode'],
  ['phone', 'Phone'],
  ['email', 'Email'],
  ['vulnerabilities', 'Vulnerabilities'],
] as const;

/**
 * A person as each supplying agency recorded them: one record per agency, the agency named. A
 * field the reader may not see arrives null with a FORBIDDEN error naming its category: it is
 * marked withheld in place. Records of which the reader may see nothing are not listed by the hub.
 */
export function PersonPage({ id }: { id: string }) {
  const [{ data, fetching, error }] = useQuery({ query: PersonQuery, variables: { id } });
  if (fetching && !data) return <Loading />;
  const person = data?.person;
  if (!person)
    return (
      <>
        <ErrorSummary errors={[...problems(error).map((text) => ({ text })), ...(data ? [{ text: 'No such person, or you may not see them' }] : [])]} />
        <PageHeading>Person not available</PageHeading>
      </>
    );
  const nameWithheld = withheldAt(error, ['person', 'givenName']) ?? withheldAt(error, ['person', 'familyName']);
  const name = [person.givenName, person.familyName].filter(Boolean).join(' ');
  return (
    <>
      <ErrorSummary errors={problems(error).map((text) => ({ text }))} />
      <PageHeading caption="Person">{nameWithheld || !name ? 'A person' : name}</PageHeading>
      <p className="govuk-body">
        Each agency that supplied details of this person keeps its own record: shown here as the access rules let your agency see it.{' '}
        <span className="app-id">{person.id}</span>
      </p>
      {person.records.length === 0 && <p className="govuk-body">No agency’s record of this person is open to your agency.</p>}
      <div data-testid="person-records">
        {person.records.map((r, i) => {
          const w = (field: string) => withheldAt(error, ['person', 'records', i, field]);
          return (
            <section className="govuk-summary-card" key={`${r.agency.id}-${i}`} aria-labelledby={`record-${i}`}>
              <div className="govuk-summary-card__title-wrapper">
                <h2 className="govuk-summary-card__title" id={`record-${i}`}>
                  {r.agency.name}
                </h2>
              </div>
              <div className="govuk-summary-card__content">
                <SummaryList
                  rows={[
                    ...FIELDS.map(([field, label]): [string, ReactNode] => {
                      const v = r[field];
                      const shown = field === 'dateOfBirth' ? formatDate(v as string | null) : Array.isArray(v) ? (v.length ? v.join(', ') : null) : v;
                      return [label, <Value value={shown} withheld={w(field)} />];
                    }),
                    ['Supplied', `${formatDateTime(r.suppliedAt)}${r.updatedAt !== r.suppliedAt ? `, updated ${formatDateTime(r.updatedAt)}` : ''}`],
                  ]}
                />
              </div>
            </section>
          );
        })}
      </div>
    </>
  );
}
