import { createHash, createHmac, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { config, type HubConfig } from '../../../platform/config';
import { projectRoot } from '../../../platform/paths';
import type { CheckpointHead } from './audit-log';

/**
 * Signed checkpoints of the access log's head, kept outside the database: the sequence number and
 * head hash at a time, signed with Ed25519 (node:crypto). A DPO keeps them (the hub also writes each
 * to AUDIT_CHECKPOINT_DIR, owner-only), and verifyAccessLog(checkpoint:) proves the log still holds
 * every row up to one, unchanged: a tail deleted with database access alone shows, because the
 * signing key is not in the database either.
 *
 * The signing key is derived from AUDIT_LOG_KEY (HMAC-SHA256 of a fixed label as the Ed25519 seed),
 * so there is one secret to keep; the public key is published with each checkpoint, and its id
 * (`ed25519:` and the first 16 hex digits of the SHA-256 of the public key) names it.
 */
export interface SignedCheckpoint extends CheckpointHead {
  /** Which log: the first 16 hex digits of its first row's hash (checkpoints of several hubs may share a folder). */
  logId: string;
  signedAt: string;
  keyId: string;
  algorithm: 'Ed25519';
  /** Base64 Ed25519 signature of `payloadOf(checkpoint)`. */
  signature: string;
  /** The public key (PEM, SPKI) to check it with. */
  publicKey: string;
}

const LABEL = 'asb-hub access-log checkpoint signing key v1';
// PKCS#8 DER prefix of an Ed25519 private key: the 32-byte seed follows (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface CheckpointSigner {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
}

export function checkpointSigner(secret: string): CheckpointSigner {
  const seed = createHmac('sha256', secret).update(LABEL).digest();
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { keyId: `ed25519:${createHash('sha256').update(der).digest('hex').slice(0, 16)}`, privateKey, publicKey, publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
}

/** The signed text: every field but the signature, one a line. */
export const payloadOf = (c: Pick<SignedCheckpoint, 'logId' | 'sequence' | 'headHash' | 'signedAt' | 'keyId'>) =>
  `asb-hub/access-log-checkpoint/v1\n${c.logId}\n${c.sequence}\n${c.headHash}\n${c.signedAt}\n${c.keyId}`;

export function signCheckpoint(head: CheckpointHead & { logId: string }, signer: CheckpointSigner, now = new Date()): SignedCheckpoint {
  const unsigned = { logId: head.logId, sequence: head.sequence, headHash: head.headHash, signedAt: now.toISOString(), keyId: signer.keyId };
  return { ...unsigned, algorithm: 'Ed25519', signature: sign(null, Buffer.from(payloadOf(unsigned)), signer.privateKey).toString('base64'), publicKey: signer.publicKeyPem };
}

/** Whether the checkpoint was signed by this hub's key (the public key sent with it is not trusted). */
export function checkpointSignedBy(c: Pick<SignedCheckpoint, 'logId' | 'sequence' | 'headHash' | 'signedAt' | 'keyId' | 'signature'>, signer: CheckpointSigner): boolean {
  if (c.keyId !== signer.keyId || !/^\d+$/.test(c.sequence) || !/^[0-9a-f]{64}$/.test(c.headHash) || !/^[0-9a-f]{16}$/.test(c.logId)) return false;
  try {
    return verify(null, Buffer.from(payloadOf(c)), signer.publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

export const checkpointDir = (cfg: HubConfig = config()) => path.resolve(projectRoot(), cfg.AUDIT_CHECKPOINT_DIR);

/** Writes the checkpoint as JSON, owner-only, into the directory (created owner-only); returns the file. */
export async function writeCheckpoint(c: SignedCheckpoint, root = checkpointDir()): Promise<string> {
  const dir = path.join(root, c.logId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `access-log-${c.sequence.padStart(12, '0')}-${c.signedAt.replace(/[:.]/g, '')}.json`);
  await writeFile(file, `${JSON.stringify(c, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return file;
}

/** The stored checkpoint of the highest sequence this hub signed for that log, if any (others are ignored). */
export async function latestCheckpoint(signer: CheckpointSigner, logId: string, root = checkpointDir()): Promise<SignedCheckpoint | null> {
  if (!/^[0-9a-f]{16}$/.test(logId)) return null;
  const dir = path.join(root, logId);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /^access-log-\d{12}-.+\.json$/.test(n)).sort().reverse();
  } catch {
    return null;
  }
  for (const name of names) {
    try {
      const c = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as SignedCheckpoint;
      if (c.logId === logId && checkpointSignedBy(c, signer)) return c;
    } catch {
      // An unreadable file is no checkpoint; the next one is tried.
    }
  }
  return null;
}
