import type * as SecureJsonParse from 'secure-json-parse';
import { BadRequest } from '../errors.js';
import { loadDependency } from './optional.js';

let secureJson: typeof SecureJsonParse | undefined;

/** Parse a JSON body, refusing prototype-poisoning keys; anything wrong is a `BadRequest`. */
export function parseJsonBody(body: Buffer): unknown {
  try {
    secureJson ??= loadDependency<typeof SecureJsonParse>('secure-json-parse', 'JSON bodies');
    return secureJson.parse(body.toString('utf8'), null, {
      protoAction: 'error',
      constructorAction: 'error',
    });
  } catch (err) {
    throw new BadRequest(`Invalid JSON body: ${(err as Error).message}`, { cause: err });
  }
}
