import { mkdtemp, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointSignedBy, checkpointSigner, latestCheckpoint, signCheckpoint, writeCheckpoint } from './checkpoints';

const signer = checkpointSigner('a'.repeat(40));
const head = (sequence: string) => ({ logId: '0123456789abcdef', sequence, headHash: 'f'.repeat(64) });

describe('checkpoints', () => {
  it('are signed with a key derived from the chain key, and any change to one breaks its signature', () => {
    const cp = signCheckpoint(head('12'), signer);
    expect(checkpointSignedBy(cp, signer)).toBe(true);
    for (const change of [{ sequence: '11' }, { headHash: 'e'.repeat(64) }, { signedAt: new Date(0).toISOString() }, { logId: 'fedcba9876543210' }]) {
      expect(checkpointSignedBy({ ...cp, ...change }, signer)).toBe(false);
    }
    expect(checkpointSignedBy(cp, checkpointSigner('b'.repeat(40)))).toBe(false);
    expect(checkpointSigner('a'.repeat(40)).keyId).toBe(signer.keyId);
  });

  it('are written owner-only, per log, and the newest of the log is found', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cp-'));
    await writeCheckpoint(signCheckpoint(head('9'), signer), dir);
    await writeCheckpoint(signCheckpoint(head('120'), signer), dir);
    await writeCheckpoint(signCheckpoint({ ...head('500'), logId: 'aaaaaaaaaaaaaaaa' }, signer), dir);
    const files = await readdir(path.join(dir, '0123456789abcdef'));
    expect(files).toHaveLength(2);
    for (const f of files) expect((await stat(path.join(dir, '0123456789abcdef', f))).mode & 0o777).toBe(0o600);
    expect((await latestCheckpoint(signer, '0123456789abcdef', dir))?.sequence).toBe('120');
    expect(await latestCheckpoint(checkpointSigner('c'.repeat(40)), '0123456789abcdef', dir)).toBeNull();
  });
});
