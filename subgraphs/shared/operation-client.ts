import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { callService } from '../../platform/service-client';

/**
 * A service-to-service call by its typed document (scripts/lib/service-operations.ts generates one
 * per operation of `subgraphs/<caller>/clients/operations/<callee>.graphql`): the result and the
 * variables are typed from the callee's SDL, so a caller no longer copies a result type by hand.
 * Errors and unavailability as callService (service-client.ts).
 */
const texts = new WeakMap<object, string>();

/** The operation's text as sent, printed once per document. */
export function operationText(doc: TypedDocumentNode<unknown, never>): string {
  let text = texts.get(doc);
  if (text === undefined) {
    text = print(doc);
    texts.set(doc, text);
  }
  return text;
}

export function callOperation<R, V extends Record<string, unknown>>(from: string, url: string, doc: TypedDocumentNode<R, V>, variables: V, requestId?: string): Promise<R> {
  return callService<R>(from, url, operationText(doc as TypedDocumentNode<unknown, never>), variables, requestId);
}
