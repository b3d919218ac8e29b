import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { PanelMemberInput } from '../gql/graphql';
import { apiErrors, check, Checkboxes, localToIso, Radios, Select, TextArea, TextInput, useFieldErrors, type FieldError } from '../forms';
import { navigate } from '../router';
import { ErrorSummary } from '../ui';

const PanelAgencies = graphql(`
  query PanelAgencies {
    agencies {
      id
      name
      area
    }
  }
`);

const OpenReview = graphql(`
  mutation OpenCaseReview($applicationId: ID!, $panel: [ID!]!, $chair: ID, $members: [PanelMemberInput!], $meetingAt: DateTimeISO, $note: String) {
    openCaseReview(
      applicationId: $applicationId
      panelAgencyIds: $panel
      chairAgencyId: $chair
      members: $members
      meetingAt: $meetingAt
      independenceNote: $note
    ) {
      id
    }
  }
`);

type MemberForm = { name: string; role: string; agencyId: string; independent: '' | 'yes' | 'no' };
const emptyMember: MemberForm = { name: '', role: '', agencyId: '', independent: '' };

/** The members as the API takes them: `independent` left to the hub (from the case) unless declared. */
export function memberInputs(members: MemberForm[], chairIndex: number | null): PanelMemberInput[] {
  return members.map((m, i) => ({
    name: m.name.trim(),
    role: m.role.trim(),
    agencyId: m.agencyId || null,
    ...(m.independent ? { independent: m.independent === 'yes' } : {}),
    chair: i === chairIndex,
  }));
}

/**
 * Convening the case review: the panel (at least three partner agencies, where possible one not
 * involved with the case before), its chair among them, the meeting. The hub checks the rules
 * (and, on an appeal, that the second-stage panel shares no agency with the first).
 */
export function ConveneReview({
  applicationId,
  authorityId,
  area,
  secondStage,
}: {
  applicationId: string;
  authorityId: string;
  area?: string;
  secondStage: boolean;
}) {
  const [agencies] = useQuery({ query: PanelAgencies });
  const [panel, setPanel] = useState<string[]>(secondStage ? [] : [authorityId]);
  const [chair, setChair] = useState('');
  const [meetingAt, setMeetingAt] = useState('');
  const [note, setNote] = useState('');
  const [members, setMembers] = useState<MemberForm[]>([]);
  const [chairMember, setChairMember] = useState<number | null>(null);
  const { errors, setErrors, of } = useFieldErrors();
  const [opened, open] = useMutation(OpenReview);
  const candidates = (agencies.data?.agencies ?? []).filter((a) => !area || a.area === area);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldError[] = [];
    const asPeople = members.length > 0;
    const agenciesSitting = new Set([...panel, ...members.map((m) => m.agencyId).filter(Boolean)]);
    check(
      errs,
      agenciesSitting.size < 3,
      'panel',
      asPeople ? 'Select at least three agencies for the panel, with the members’ agencies' : 'Select at least three agencies for the panel',
    );
    members.forEach((m, i) => {
      check(errs, !m.name.trim(), `member-${i}-name`, `Enter the name of member ${i + 1}`);
      check(errs, !m.role.trim(), `member-${i}-role`, `Enter the role of member ${i + 1}`);
    });
    if (asPeople) check(errs, chairMember === null || chairMember >= members.length, 'chair-member', 'Select the member who chairs the review');
    else {
      check(errs, !chair, 'chair', 'Select the agency that chairs the review');
      check(errs, !!chair && !panel.includes(chair), 'chair', 'The chair must be one of the panel agencies');
    }
    setErrors(errs);
    if (errs.length) return;
    const r = await open({
      applicationId,
      panel,
      chair: asPeople ? null : chair,
      members: asPeople ? memberInputs(members, chairMember) : null,
      meetingAt: localToIso(meetingAt),
      note: note.trim() || null,
    });
    if (!r.error) navigate(`/reviews/${r.data!.openCaseReview.id}`);
  };
  return (
    <form onSubmit={submit} noValidate data-testid="convene">
      <h2 className="govuk-heading-m">{secondStage ? 'Convene the second-stage review' : 'Convene the case review'}</h2>
      <ErrorSummary
        errors={[
          ...errors,
          ...apiErrors(opened.error, {
            panelAgencyIds: 'panel',
            chairAgencyId: 'chair',
            independenceNote: 'independence-note',
            meetingAt: 'meeting-at',
            members: 'members',
            ...Object.fromEntries(
              members.flatMap((_, i) => [
                [`members[${i}].name`, `member-${i}-name`],
                [`members[${i}].role`, `member-${i}-role`],
                [`members[${i}].agencyId`, `member-${i}-agency`],
                [`members[${i}].independent`, `member-${i}-independent`],
                [`members[${i}].chair`, 'chair-member'],
              ]),
            ),
          }),
        ]}
      />
      <Checkboxes
        id="panel"
        legend="Panel agencies"
        hint={
          secondStage
            ? 'An independent panel: no agency that sat on the first review.'
            : 'At least three partner agencies (the agencies of the members below count too). Where possible include one not previously involved with the case; each panel agency sees what the victim’s consent covers.'
        }
        options={candidates.map((a) => ({ value: a.id, label: a.name }))}
        values={panel}
        onChange={setPanel}
        error={of('panel')}
        small
      />
      <h3 className="govuk-heading-s" id="members">
        Panel members
      </h3>
      <p className="govuk-body">
        Record the panel as people: each member’s name, role and the agency they act for, and who chairs it. The 2025 guidance asks that the chair is
        independent of the case. Without members, the panel is recorded as agencies only.
      </p>
      {members.map((m, i) => {
        const set = (k: keyof MemberForm) => (v: string) => setMembers(members.map((o, j) => (j === i ? { ...o, [k]: v } : o)));
        return (
          <fieldset className="govuk-fieldset app-member" key={i} data-testid={`member-${i}`}>
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Member {i + 1}</legend>
            <TextInput id={`member-${i}-name`} label="Name" value={m.name} onChange={set('name')} error={of(`member-${i}-name`)} width={20} />
            <TextInput
              id={`member-${i}-role`}
              label="Role"
              hint="For example Community Safety Manager, elected member, independent chair"
              value={m.role}
              onChange={set('role')}
              error={of(`member-${i}-role`)}
              width={20}
            />
            <Select
              id={`member-${i}-agency`}
              label="Agency they act for"
              value={m.agencyId}
              onChange={set('agencyId')}
              placeholder="None (for example an independent chair)"
              options={candidates.map((a) => [a.id, a.name])}
              error={of(`member-${i}-agency`)}
            />
            <Select
              id={`member-${i}-independent`}
              label="Previously involved with the case?"
              hint="Left to the hub, a member is independent when their agency did not deal with the case"
              value={m.independent}
              onChange={set('independent')}
              options={[
                ['', 'Decide from the case'],
                ['yes', 'No: independent of the case'],
                ['no', 'Yes: involved before'],
              ]}
            />
            <button
              type="button"
              className="govuk-button govuk-button--warning"
              onClick={() => {
                setMembers(members.filter((_, j) => j !== i));
                setChairMember(chairMember === i ? null : chairMember !== null && chairMember > i ? chairMember - 1 : chairMember);
              }}
            >
              Remove member {i + 1}
            </button>
          </fieldset>
        );
      })}
      <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setMembers([...members, emptyMember])}>
        Add a member
      </button>
      {members.length > 0 ? (
        <Radios
          id="chair-member"
          legend="Who chairs the review?"
          options={members.map((m, i) => ({ value: String(i), label: m.name.trim() || `Member ${i + 1}` }))}
          value={chairMember === null ? '' : String(chairMember)}
          onChange={(v) => setChairMember(Number(v))}
          error={of('chair-member')}
        />
      ) : (
        <Select
          id="chair"
          label="Chair"
          hint="One of the panel agencies"
          value={chair}
          onChange={setChair}
          placeholder="Select the chair"
          options={candidates.filter((a) => panel.includes(a.id)).map((a) => [a.id, a.name])}
          error={of('chair')}
        />
      )}
      <TextInput id="meeting-at" label="Meeting (optional)" type="datetime-local" value={meetingAt} onChange={setMeetingAt} />
      <TextArea
        id="independence-note"
        label="If no panel agency is independent of the case, why (optional)"
        hint="Required by the hub when every panel agency was involved with the case before"
        value={note}
        onChange={setNote}
        rows={3}
      />
      <button type="submit" className="govuk-button" disabled={opened.fetching}>
        Convene the review
      </button>
    </form>
  );
}
