import { describe, expect, it } from 'vitest';
import { ApplicationChannel } from '../../shared/enums';
import { referralIntake } from './referral';
import { resultedInRecommendations } from './statistics';

const NOW = new Date('2026-03-10T10:00:00Z');

describe('a referral as the authority receives it (finding 13)', () => {
  it('reaches the authority in writing when referred; the agency’s own receipt is kept', () => {
    const received = new Date('2026-03-06T15:00:00Z');
    expect(
      referralIntake({ authorityId: 'sevenoaks-dc', referringAgencyId: 'kent-police', receivedAt: received, receivedVia: ApplicationChannel.PHONE, now: NOW }),
    ).toEqual({
      channel: ApplicationChannel.WRITING,
      receivedAt: NOW,
      referralReceivedAt: received,
    });
  });

  it.each([
    ['the authority referring to itself', { authorityId: 'sevenoaks-dc', referringAgencyId: 'sevenoaks-dc' }, 'input.authorityId'],
    ['a receipt in the future', { receivedAt: new Date(NOW.getTime() + 3_600_000) }, 'input.receivedAt'],
  ])('refuses %s', (_what, over, field) => {
    const facts = {
      authorityId: 'sevenoaks-dc',
      referringAgencyId: 'kent-police',
      receivedAt: null,
      receivedVia: ApplicationChannel.ONLINE,
      now: NOW,
      ...over,
    };
    expect(() => referralIntake(facts)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) }));
  });
});

describe('reviews that resulted in recommendations (finding 12)', () => {
  it.each([
    ['a recommendation with no action item', { agreedActions: [], recommendationsMade: 1 }, true],
    ['an agreed action with no recommendation recorded', { agreedActions: ['Joint visit'], recommendationsMade: 0 }, true],
    ['both', { agreedActions: ['Joint visit'], recommendationsMade: 2 }, true],
    ['neither', { agreedActions: [], recommendationsMade: 0 }, false],
  ])('%s', (_what, app, expected) => {
    expect(resultedInRecommendations(app)).toBe(expected);
  });
});
