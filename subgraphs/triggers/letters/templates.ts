/**
 * Letter templates CT1–CT5 (Handlebars). Each letter has an HTML body (Handlebars escapes every
 * value) and a plain-text body (compiled with `noEscape`). Shared pieces are partials: `incidents`
 * lists every incident reported with the actions agencies took, `appeal` states the appeal route.
 * Kept as TypeScript strings so that `tsc` ships them in dist/ with the code.
 */
export const partials = {
  html: {
    header: `<p>Reference: <strong>{{reference}}</strong><br>Date: {{date}}<br>From: the Community Trigger Single Point of Contact, {{authority}}</p>`,
    incidents: `<table class="incidents">
<thead><tr><th>Date</th><th>Reported to</th><th>Reference</th><th>Kind</th><th>Action taken</th></tr></thead>
<tbody>
{{#each incidents}}<tr><td>{{occurredOn}}</td><td>{{agency}}</td><td>{{sourceRef}}</td><td>{{category}}{{#if subType}} ({{subType}}){{/if}}</td><td>{{#if actions.length}}<ul>{{#each actions}}<li>{{on}}: {{action}}{{#if by}} ({{by}}){{/if}}</li>{{/each}}</ul>{{else}}No action recorded{{/if}}</td></tr>
{{/each}}</tbody>
</table>`,
    appeal: `<p><strong>If you are not satisfied</strong> with this decision you may ask for a second-stage review by an independent panel. Write to the Community Trigger SPOC at {{authority}} quoting {{reference}}{{#if appealWithinDays}} within {{appealWithinDays}} days of this letter{{/if}}.</p>`,
  },
  text: {
    header: `Reference: {{reference}}
Date: {{date}}
From: the Community Trigger Single Point of Contact, {{authority}}`,
    incidents: `{{#each incidents}}- {{occurredOn}}, reported to {{agency}} ({{sourceRef}}): {{category}}{{#if subType}} ({{subType}}){{/if}}
{{#if actions.length}}{{#each actions}}    action {{on}}: {{action}}{{#if by}} ({{by}}){{/if}}
{{/each}}{{else}}    no action recorded
{{/if}}{{/each}}`,
    appeal: `If you are not satisfied with this decision you may ask for a second-stage review by an independent panel. Write to the Community Trigger SPOC at {{authority}} quoting {{reference}}{{#if appealWithinDays}} within {{appealWithinDays}} days of this letter{{/if}}.`,
  },
};

export interface LetterTemplate {
  subject: string;
  html: string;
  text: string;
}

export const templates: Record<'CT1' | 'CT2' | 'CT3' | 'CT4' | 'CT5', LetterTemplate> = {
  CT1: {
    subject: 'Your Community Trigger application {{reference}} has been received',
    html: `{{> header}}
<p>Thank you for your application for an ASB Case Review (Community Trigger), received on {{receivedOn}}.</p>
<p>We will check whether it meets the threshold and ask the agencies involved for their records.{{#if meetingOn}} The case review meeting is planned for <strong>{{meetingOn}}</strong>.{{else}} We will write to you with the date of the case review meeting.{{/if}}</p>
<p>We aim to complete the review by {{processDueOn}} (25 working days).</p>`,
    text: `{{> header}}

Thank you for your application for an ASB Case Review (Community Trigger), received on {{receivedOn}}.

We will check whether it meets the threshold and ask the agencies involved for their records.{{#if meetingOn}} The case review meeting is planned for {{meetingOn}}.{{else}} We will write to you with the date of the case review meeting.{{/if}}

We aim to complete the review by {{processDueOn}} (25 working days).`,
  },
  CT2: {
    subject: 'Your Community Trigger application {{reference}}: threshold not met',
    html: `{{> header}}
<p>We have considered your application against the threshold in force ({{policyName}}, version {{policyVersion}}). The threshold has <strong>not been met</strong>: {{counted}} qualifying incident(s) were found.</p>
{{#if reason}}<p>{{reason}}</p>{{/if}}
<p>These are the incidents reported and the actions the agencies took:</p>
{{> incidents}}
{{> appeal}}`,
    text: `{{> header}}

We have considered your application against the threshold in force ({{policyName}}, version {{policyVersion}}). The threshold has not been met: {{counted}} qualifying incident(s) were found.
{{#if reason}}
{{reason}}
{{/if}}
These are the incidents reported and the actions the agencies took:
{{> incidents}}
{{> appeal}}`,
  },
  CT3: {
    subject: 'Your Community Trigger application {{reference}}: threshold met, all action taken',
    html: `{{> header}}
<p>Your application <strong>meets the threshold</strong> for a case review. Having reviewed the agencies' records, we consider that all reasonable action has already been taken.</p>
{{#if reason}}<p>{{reason}}</p>{{/if}}
<p>The incidents reported and the actions taken were:</p>
{{> incidents}}
{{> appeal}}`,
    text: `{{> header}}

Your application meets the threshold for a case review. Having reviewed the agencies' records, we consider that all reasonable action has already been taken.
{{#if reason}}
{{reason}}
{{/if}}
The incidents reported and the actions taken were:
{{> incidents}}
{{> appeal}}`,
  },
  CT4: {
    subject: 'Your Community Trigger case review {{reference}}: outcome and action plan',
    html: `{{> header}}
<p>Your application met the threshold and the partner agencies have reviewed the case{{#if meetingOn}} at the meeting on {{meetingOn}}{{/if}}. They agreed the following actions:</p>
<ol class="actions">{{#each actions}}<li>{{this}}</li>{{/each}}</ol>
<p>Your lead officer is <strong>{{leadOfficer}}</strong>, who will keep you informed. The action plan will be reviewed by {{finalReviewDueOn}}.</p>
{{> appeal}}`,
    text: `{{> header}}

Your application met the threshold and the partner agencies have reviewed the case{{#if meetingOn}} at the meeting on {{meetingOn}}{{/if}}. They agreed the following actions:
{{#each actions}}{{plusOne @index}}. {{this}}
{{/each}}
Your lead officer is {{leadOfficer}}, who will keep you informed. The action plan will be reviewed by {{finalReviewDueOn}}.

{{> appeal}}`,
  },
  CT5: {
    subject: 'Your Community Trigger case {{reference}} is closed',
    html: `{{> header}}
<p>The final review of the action plan has taken place and your Community Trigger case is now <strong>closed</strong>.</p>
{{#if reason}}<p>{{reason}}</p>{{/if}}
<p>If the anti-social behaviour continues, please report it to the police or your landlord; you may apply again if the threshold is met.</p>`,
    text: `{{> header}}

The final review of the action plan has taken place and your Community Trigger case is now closed.
{{#if reason}}
{{reason}}
{{/if}}
If the anti-social behaviour continues, please report it to the police or your landlord; you may apply again if the threshold is met.`,
  },
};
