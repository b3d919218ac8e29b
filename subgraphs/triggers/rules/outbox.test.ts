import { describe, expect, it } from 'vitest';
import { addressLines, afterFailure, chooseChannel, ContactPreference, notifyState, OutboxChannel, OutboxStatus, retryDelayMs, safeReason } from './outbox';

describe('the outbox rules', () => {
  const both = { email: 'a@example.org', postal: 'Ann Smith\n1 High St\nTN13 1AA', postcode: 'TN13 1AA' };

  it('sends by the chosen channel when its address is on record, else by what is', () => {
    expect(chooseChannel(ContactPreference.POST, both)).toBe(OutboxChannel.POST);
    expect(chooseChannel(ContactPreference.EMAIL, both)).toBe(OutboxChannel.EMAIL);
    expect(chooseChannel(null, both)).toBe(OutboxChannel.EMAIL);
    expect(chooseChannel(ContactPreference.POST, { email: 'a@example.org' })).toBe(OutboxChannel.EMAIL);
    expect(chooseChannel(ContactPreference.EMAIL, { postal: 'Ann\n1 High St', postcode: 'TN13 1AA' })).toBe(OutboxChannel.POST);
    // A postal address without a postcode cannot be posted.
    expect(chooseChannel(ContactPreference.POST, { postal: 'Ann\n1 High St' })).toBeNull();
    expect(chooseChannel(null, { email: '  ', postal: '' })).toBeNull();
  });

  it('turns an address block into at most 7 lines with the postcode last', () => {
    expect(addressLines('Ann Smith\n1 High St, Sevenoaks\nTN13 1AA', 'TN13 1AA')).toEqual(['Ann Smith', '1 High St', 'Sevenoaks', 'TN13 1AA']);
    const many = addressLines('A\nB\nC\nD\nE\nF\nG\nH\nI', 'TN13 1AA');
    expect(many).toHaveLength(7);
    expect(many[6]).toBe('TN13 1AA');
    expect(many[5]).toBe('F, G, H, I');
    expect(addressLines('A\nB', null)).toEqual(['A', 'B']);
  });

  it('backs off exponentially, capped at six hours', () => {
    expect(retryDelayMs(1, 1000)).toBe(1000);
    expect(retryDelayMs(2, 1000)).toBe(2000);
    expect(retryDelayMs(5, 1000)).toBe(16000);
    expect(retryDelayMs(60, 60_000)).toBe(6 * 3_600_000);
  });

  it('retries a transient failure until the attempts run out; a permanent one fails at once', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    expect(afterFailure({ permanent: false, reason: 'x' }, 1, 3, now, 1000)).toEqual({
      status: OutboxStatus.QUEUED,
      nextAttemptAt: new Date(now.getTime() + 1000),
    });
    expect(afterFailure({ permanent: false, reason: 'x' }, 2, 3, now, 1000)).toEqual({
      status: OutboxStatus.QUEUED,
      nextAttemptAt: new Date(now.getTime() + 2000),
    });
    expect(afterFailure({ permanent: false, reason: 'x' }, 3, 3, now, 1000)).toEqual({ status: OutboxStatus.FAILED });
    expect(afterFailure({ permanent: true, reason: 'x' }, 1, 3, now, 1000)).toEqual({ status: OutboxStatus.FAILED });
  });

  it('keeps no address, postcode or number in a failure it writes down', () => {
    const r = safeReason('ENOENT: cannot write /x/ann.smith@example.org at TN13 1AA, call 01732 227000\n now');
    expect(r).not.toMatch(/example\.org|TN13|01732/);
    expect(r).toContain('[address]');
    expect(r).not.toContain('\n');
    expect(safeReason('x'.repeat(500))).toHaveLength(200);
    expect(safeReason('   ')).toBe('failed');
  });

  it('reads GOV.UK Notify statuses', () => {
    expect(notifyState('delivered')).toBe('delivered');
    expect(notifyState('received')).toBe('delivered');
    expect(notifyState('sending')).toBe('pending');
    expect(notifyState('accepted')).toBe('pending');
    expect(notifyState('permanent-failure')).toBe('failed');
    expect(notifyState('validation-failed')).toBe('failed');
  });
});
