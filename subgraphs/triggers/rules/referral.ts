import { ApplicationChannel } from '../../shared/enums';
import { badInput } from '../../../platform/errors';

/**
 * A referral (Kent: an agency that receives a Community Trigger application "should refer it to the
 * local Community Safety Unit"): the application as the authority receives it. It reaches the
 * authority in writing from the agency, when it is referred, so the authority's time limits run
 * from then (acknowledgement within 2 working days, by its SPOC); when and how the agency itself
 * received it are kept on the referral. The consent rules are the application's: it proceeds only
 * on a consent in force for CASE_REVIEW naming the authority (rules/consent.ts).
 */
export interface ReferralFacts {
  authorityId: string;
  referringAgencyId: string;
  receivedAt: Date | null | undefined;
  receivedVia: ApplicationChannel;
  now: Date;
}

export function referralIntake(f: ReferralFacts): { channel: ApplicationChannel; receivedAt: Date; referralReceivedAt: Date } {
  if (f.authorityId.trim() === f.referringAgencyId) {
    throw badInput(
      'An authority records the applications it receives itself (submitTriggerApplication); a referral goes to another agency’s authority',
      'input.authorityId',
    );
  }
  const received = f.receivedAt ?? f.now;
  if (received.getTime() > f.now.getTime() + 60_000) throw badInput('Invalid input.receivedAt: cannot be in the future', 'input.receivedAt');
  return { channel: ApplicationChannel.WRITING, receivedAt: f.now, referralReceivedAt: received };
}
