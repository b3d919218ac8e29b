import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDatabase, dropDatabase } from '../../subgraphs/shared/database';

/** A new, empty database on the test server, for one test file; drop it when done. */
export async function freshDatabase(label = 'hub'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${label}_test_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const url = await createDatabase(inject('databaseUrl'), name);
  return { url, drop: () => dropDatabase(url) };
}
