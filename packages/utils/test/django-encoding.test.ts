import { describe } from 'vitest';
import { escapeUriPath, filepathToUri, iriToUri, uriToIri } from '../src/index.js';
import { replay } from './replay.js';

describe("django.utils.encoding, as Django 3.2's tests and harvest have it", () => {
  replay('encoding', {
    iri_to_uri: (_c, [iri]) => iriToUri(iri as string),
    uri_to_iri: (_c, [uri]) => uriToIri(uri as string),
    escape_uri_path: (_c, [path]) => escapeUriPath(path as string),
    filepath_to_uri: (_c, [path]) => filepathToUri(path as string),
  });
});
