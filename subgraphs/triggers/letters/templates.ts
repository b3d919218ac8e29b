/**
 * Letter templates CT1–CT5 and the "review activated" letter (Handlebars). Each letter has an HTML
 * body (Handlebars escapes every value) and a plain-text body (compiled with `noEscape`). Shared
 * pieces are partials: `header` (the authority's address, the applicant's, the greeting and the
 * heading), `incidents` lists every incident reported with the actions agencies took, `appeal`
 * gives the authority's own appeal route, `future` how to report future incidents, `close` the
 * signature. Every sentence that depends on the case sits behind the fact that makes it true
 * (render.ts computes those facts). Kept as TypeScript strings so that `tsc` ships them in dist/.
 */
export const partials = {
  html: {
    header: `<address class="sender"><strong>{{authority}}</strong><br>{{office}}{{#each senderLines}}<br>{{this}}{{/each}}</address>
{{#if addresseeLines.length}}<address class="addressee">{{#each addresseeLines}}{{#unless @first}}<br>{{/unless}}{{this}}{{/each}}</address>
{{/if}}<p>{{greeting}}</p>
<h1>ASB Case Review (Community Trigger)</h1>
<p>Reference: <strong>{{reference}}</strong><br>Date: {{date}}<br>From: the Community Trigger Single Point of Contact, {{authority}}</p>`,
    incidents: `<table class="incidents">
<thead><tr><th>Date</th><th>Reported to</th><th>Reference</th><th>Kind</th>{{#if showVerdicts}}<th>Considered</th>{{/if}}<th>Action taken</th></tr></thead>
<tbody>
{{#each incidents}}<tr><td>{{occurredOn}}</td><td>{{agency}}</td><td>{{sourceRef}}</td><td>{{category}}{{#if subType}} ({{subType}}){{/if}}</td>{{#if ../showVerdicts}}<td>{{verdict}}</td>{{/if}}<td>{{#if actions.length}}<ul>{{#each actions}}<li>{{on}}: {{action}}{{#if by}} ({{by}}){{/if}}</li>{{/each}}</ul>{{else}}No action recorded{{/if}}</td></tr>
{{/each}}</tbody>
</table>`,
    appeal: `<h2>If you are not satisfied</h2>
<p>{{appealHow}}{{#if appealWithinDays}} Please do so within {{appealWithinDays}} days of this letter.{{/if}}</p>`,
    future: `<h2>How to report future incidents</h2>
<ul class="contacts">{{#each futureContacts}}<li>{{this}}</li>{{/each}}</ul>`,
    close: `<p>Yours sincerely,</p>
<p>Community Trigger Single Point of Contact<br>{{office}}, {{authority}}{{#if contactLine}}<br>{{contactLine}}{{/if}}</p>`,
  },
  text: {
    header: `{{authority}}
{{office}}
{{#each senderLines}}{{this}}
{{/each}}
{{#if addresseeLines.length}}
{{#each addresseeLines}}{{this}}
{{/each}}
{{/if}}
{{greeting}}

ASB Case Review (Community Trigger)
Reference: {{reference}}
Date: {{date}}
From: the Community Trigger Single Point of Contact, {{authority}}`,
    incidents: `{{#each incidents}}- {{occurredOn}}, reported to {{agency}} ({{sourceRef}}): {{category}}{{#if subType}} ({{subType}}){{/if}}{{#if ../showVerdicts}}; {{verdict}}{{/if}}
{{#if actions.length}}{{#each actions}}    action {{on}}: {{action}}{{#if by}} ({{by}}){{/if}}
{{/each}}{{else}}    no action recorded
{{/if}}{{/each}}`,
    appeal: `IF YOU ARE NOT SATISFIED
{{appealHow}}{{#if appealWithinDays}} Please do so within {{appealWithinDays}} days of this letter.{{/if}}`,
    future: `HOW TO REPORT FUTURE INCIDENTS
{{#each futureContacts}}- {{this}}
{{/each}}`,
    close: `Yours sincerely,

Community Trigger Single Point of Contact
{{office}}, {{authority}}{{#if contactLine}}
{{contactLine}}{{/if}}`,
  },
};

export interface LetterTemplate {
  subject: string;
  html: string;
  text: string;
}

export type TemplateKind = 'CT1' | 'CT2' | 'CT3' | 'CT4' | 'CT5' | 'REVIEW_ACTIVATED' | 'CASE_REVIEW_EXPLANATION';

export const templates: Record<TemplateKind, LetterTemplate> = {
  CT1: {
    subject: 'Your Community Trigger application {{reference}} has been received',
    html: `{{> header}}
<p>Thank you for your application for an ASB Case Review (Community Trigger), received on {{receivedOn}}.</p>
<p>We will check whether it meets the threshold and ask the agencies involved for their records.{{#if meetingOn}} The case review meeting is planned for <strong>{{meetingOn}}</strong>.{{else}} We will write to you with the date of the case review meeting.{{/if}}</p>
<p>We aim to complete the review by {{processDueOn}} (25 working days).</p>
{{#if applicantLink}}<h2>Your application online</h2>
<p>You can see where your application is, the letters we send you and who your contact is, tell us how you want to take part in the review, or withdraw your consent, at <a href="{{applicantLink}}">{{applicantLink}}</a>{{#if applicantLinkExpiresOn}} (until {{applicantLinkExpiresOn}}){{/if}}. Keep this link to yourself: anyone who has it can see your application.</p>
{{/if}}{{> close}}`,
    text: `{{> header}}

Thank you for your application for an ASB Case Review (Community Trigger), received on {{receivedOn}}.

We will check whether it meets the threshold and ask the agencies involved for their records.{{#if meetingOn}} The case review meeting is planned for {{meetingOn}}.{{else}} We will write to you with the date of the case review meeting.{{/if}}

We aim to complete the review by {{processDueOn}} (25 working days).
{{#if applicantLink}}

Your application online: you can see where your application is, the letters we send you and who your contact is, tell us how you want to take part in the review, or withdraw your consent, at
{{applicantLink}}
{{#if applicantLinkExpiresOn}}(until {{applicantLinkExpiresOn}}). {{/if}}Keep this link to yourself: anyone who has it can see your application.
{{/if}}

{{> close}}`,
  },
  CT2: {
    subject: 'Your Community Trigger application {{reference}}: threshold not met',
    html: `{{> header}}
<p>We have considered your application against the threshold in force ({{policyName}}, version {{policyVersion}}). The threshold has <strong>not been met</strong>: {{counted}} qualifying incident(s) were found.</p>
{{#if reason}}<p>{{reason}}</p>{{/if}}
{{#if incidents.length}}<p>These are all the incidents reported in the twelve months before your application, whether each was counted, and the actions the agencies took:</p>
{{> incidents}}{{else}}<p>No incidents reported to the partner agencies were found for the period before your application.</p>{{/if}}
{{> appeal}}
{{#if pccHow}}<h2>Asking the Police and Crime Commissioner to review this decision</h2>
<p>{{pccHow}}{{#if pccWithinDays}} Please do so within {{pccWithinDays}} days of this letter.{{/if}}</p>
{{/if}}{{> future}}
{{> close}}`,
    text: `{{> header}}

We have considered your application against the threshold in force ({{policyName}}, version {{policyVersion}}). The threshold has not been met: {{counted}} qualifying incident(s) were found.
{{#if reason}}
{{reason}}
{{/if}}
{{#if incidents.length}}These are all the incidents reported in the twelve months before your application, whether each was counted, and the actions the agencies took:
{{> incidents}}{{else}}No incidents reported to the partner agencies were found for the period before your application.
{{/if}}
{{> appeal}}
{{#if pccHow}}

ASKING THE POLICE AND CRIME COMMISSIONER TO REVIEW THIS DECISION
{{pccHow}}{{#if pccWithinDays}} Please do so within {{pccWithinDays}} days of this letter.{{/if}}
{{/if}}

{{> future}}
{{> close}}`,
  },
  CT3: {
    subject: 'Your Community Trigger application {{reference}}: threshold met, all action taken',
    html: `{{> header}}
<p>Your application <strong>meets the threshold</strong> for a case review. Having reviewed the agencies' records, we consider that all reasonable action has already been taken.</p>
{{#if reason}}<p>{{reason}}</p>{{/if}}
{{#if incidents.length}}<p>The incidents reported and the actions taken were:</p>
{{> incidents}}{{/if}}
{{> appeal}}
{{> future}}
{{> close}}`,
    text: `{{> header}}

Your application meets the threshold for a case review. Having reviewed the agencies' records, we consider that all reasonable action has already been taken.
{{#if reason}}
{{reason}}
{{/if}}
{{#if incidents.length}}The incidents reported and the actions taken were:
{{> incidents}}{{/if}}
{{> appeal}}

{{> future}}
{{> close}}`,
  },
  REVIEW_ACTIVATED: {
    subject: 'Your Community Trigger application {{reference}}: {{#if secondStage}}the second-stage review{{else}}the case review{{/if}} has been activated',
    html: `{{> header}}
<p>{{#if secondStage}}Following your request, a <strong>second-stage review</strong> of your case has been activated. It will be carried out by people who did not take part in the first review.{{else}}Your application meets the threshold and an <strong>ASB Case Review has been activated</strong>. The partner agencies will review the case together and look at the action taken so far.{{/if}}</p>
<p>{{#if meetingOn}}The review meeting is planned for <strong>{{meetingOn}}</strong>. {{/if}}You are welcome to tell us how you would like to be involved, and to give your views to the panel before it meets. We will write to you with the outcome within 5 working days of the meeting.</p>
{{#if panelAgencies.length}}<p>The agencies taking part are: {{panelAgenciesList}}.</p>{{/if}}
{{> future}}
{{> close}}`,
    text: `{{> header}}

{{#if secondStage}}Following your request, a second-stage review of your case has been activated. It will be carried out by people who did not take part in the first review.{{else}}Your application meets the threshold and an ASB Case Review has been activated. The partner agencies will review the case together and look at the action taken so far.{{/if}}

{{#if meetingOn}}The review meeting is planned for {{meetingOn}}. {{/if}}You are welcome to tell us how you would like to be involved, and to give your views to the panel before it meets. We will write to you with the outcome within 5 working days of the meeting.
{{#if panelAgencies.length}}
The agencies taking part are: {{panelAgenciesList}}.
{{/if}}

{{> future}}
{{> close}}`,
  },
  // The 2025 guidance: a victim's second separate report within six months is answered with what the
  // Case Review is, whether or not any threshold is met. Kept with the explanation, not an application.
  CASE_REVIEW_EXPLANATION: {
    subject: 'The ASB Case Review (Community Trigger): your right to ask for one',
    html: `{{> header}}
<p>You have reported anti-social behaviour to the partner agencies more than once in the last six months. We are writing to tell you about the <strong>ASB Case Review (Community Trigger)</strong>, which you may ask for whether or not the agencies think the threshold is met.</p>
<p>If you ask, the council, the police and the other agencies will look at your reports together, check what has been done, and decide whether there is more they can do. You can ask for yourself, or someone can ask for you with your agreement.</p>
{{#if thresholdSentence}}<p>{{thresholdSentence}}</p>
{{/if}}<h2>How to ask</h2>
<p>Contact the {{office}}{{#if contactLine}} ({{contactLine}}){{/if}}, quoting reference {{reference}}.</p>
{{> future}}
{{> close}}`,
    text: `{{> header}}

You have reported anti-social behaviour to the partner agencies more than once in the last six months. We are writing to tell you about the ASB Case Review (Community Trigger), which you may ask for whether or not the agencies think the threshold is met.

If you ask, the council, the police and the other agencies will look at your reports together, check what has been done, and decide whether there is more they can do. You can ask for yourself, or someone can ask for you with your agreement.
{{#if thresholdSentence}}
{{thresholdSentence}}
{{/if}}
HOW TO ASK
Contact the {{office}}{{#if contactLine}} ({{contactLine}}){{/if}}, quoting reference {{reference}}.

{{> future}}
{{> close}}`,
  },
  CT4: {
    subject: 'Your Community Trigger case review {{reference}}: outcome{{#if actions.length}} and action plan{{/if}}',
    html: `{{> header}}
<p>Your application met the threshold and the partner agencies have reviewed the case{{#if meetingOn}} at the meeting on {{meetingOn}}{{/if}}.{{#if actions.length}} They agreed the following actions:{{else}} They did not agree any further actions.{{/if}}</p>
{{#if actions.length}}<ol class="actions">{{#each actions}}<li>{{this}}</li>{{/each}}</ol>
{{/if}}{{#if reason}}<p>{{reason}}</p>
{{/if}}{{#if leadOfficer}}<p>Your lead officer is <strong>{{leadOfficer}}</strong>, who will keep you informed.</p>
{{/if}}{{#if actions.length}}{{#if finalReviewDueOn}}<p>The action plan will be reviewed by {{finalReviewDueOn}}.</p>
{{/if}}{{/if}}{{> appeal}}
{{> future}}
{{> close}}`,
    text: `{{> header}}

Your application met the threshold and the partner agencies have reviewed the case{{#if meetingOn}} at the meeting on {{meetingOn}}{{/if}}.{{#if actions.length}} They agreed the following actions:
{{#each actions}}{{plusOne @index}}. {{this}}
{{/each}}{{else}} They did not agree any further actions.
{{/if}}
{{#if reason}}{{reason}}

{{/if}}{{#if leadOfficer}}Your lead officer is {{leadOfficer}}, who will keep you informed.

{{/if}}{{#if actions.length}}{{#if finalReviewDueOn}}The action plan will be reviewed by {{finalReviewDueOn}}.

{{/if}}{{/if}}{{> appeal}}

{{> future}}
{{> close}}`,
  },
  CT5: {
    subject: 'Your Community Trigger case {{reference}} is closed',
    html: `{{> header}}
<p>{{#if finalReviewHeld}}The final review of the action plan has taken place and your Community Trigger case is now <strong>closed</strong>.{{else}}The case review is complete, no further action was planned, and your Community Trigger case is now <strong>closed</strong>.{{/if}}</p>
{{#if reason}}<p>{{reason}}</p>{{/if}}
<p>If the anti-social behaviour continues, please report it; you may apply again if the threshold is met.</p>
{{> future}}
{{> close}}`,
    text: `{{> header}}

{{#if finalReviewHeld}}The final review of the action plan has taken place and your Community Trigger case is now closed.{{else}}The case review is complete, no further action was planned, and your Community Trigger case is now closed.{{/if}}
{{#if reason}}
{{reason}}
{{/if}}
If the anti-social behaviour continues, please report it; you may apply again if the threshold is met.

{{> future}}
{{> close}}`,
  },
};
