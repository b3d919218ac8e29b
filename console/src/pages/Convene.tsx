import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { apiErrors, check, Checkboxes, localToIso, Select, TextArea, TextInput, useFieldErrors, type FieldError } from '../forms';
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
  mutation OpenCaseReview($applicationId: ID!, $panel: [ID!]!, $chair: ID!, $meetingAt: DateTimeISO, $note: String) {
    openCaseReview(applicationId: $applicationId, panelAgencyIds: $panel, chairAgencyId: $chair, meetingAt: $meetingAt, independenceNote: $note) {
      id
    }
  }
`);

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
  const { errors, setErrors, of } = useFieldErrors();
  const [opened, open] = useMutation(OpenReview);
  const candidates = (agencies.data?.agencies ?? []).filter((a) => !area || a.area === area);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldError[] = [];
    check(errs, panel.length < 3, 'panel', 'Select at least three agencies for the panel');
    check(errs, !chair, 'chair', 'Select the agency that chairs the review');
    check(errs, !!chair && !panel.includes(chair), 'chair', 'The chair must be one of the panel agencies');
    setErrors(errs);
    if (errs.length) return;
    const r = await open({ applicationId, panel, chair, meetingAt: localToIso(meetingAt), note: note.trim() || null });
    if (!r.error) navigate(`/reviews/${r.data!.openCaseReview.id}`);
  };
  return (
    <form onSubmit={submit} noValidate data-testid="convene">
      <h2 className="govuk-heading-m">{secondStage ? 'Convene the second-stage review' : 'Convene the case review'}</h2>
      <ErrorSummary
        errors={[
          ...errors,
          ...apiErrors(opened.error, { panelAgencyIds: 'panel', chairAgencyId: 'chair', independenceNote: 'independence-note', meetingAt: 'meeting-at' }),
        ]}
      />
      <Checkboxes
        id="panel"
        legend="Panel agencies"
        hint={
          secondStage
            ? 'An independent panel: no agency that sat on the first review.'
            : 'At least three partner agencies. Where possible include one not previously involved with the case; each panel agency sees what the victim’s consent covers.'
        }
        options={candidates.map((a) => ({ value: a.id, label: a.name }))}
        values={panel}
        onChange={setPanel}
        error={of('panel')}
        small
      />
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
