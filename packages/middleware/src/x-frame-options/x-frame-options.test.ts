import { BadHeaderError, HttpResponse } from '@stack/request';
import { describe, expect, it } from 'vitest';
import { makeRequest, run } from '../../test/http.js';
import {
  xframeOptionsDeny,
  xframeOptionsExempt,
  XFrameOptionsMiddleware,
  xframeOptionsSameorigin,
} from './index.js';

describe('XFrameOptionsMiddleware', () => {
  it('sends DENY by default', async () => {
    expect((await run([XFrameOptionsMiddleware()], makeRequest())).get('X-Frame-Options')).toBe(
      'DENY',
    );
  });

  it('sends the configured value, upper-cased', async () => {
    const mw = XFrameOptionsMiddleware({ xFrameOptions: 'sameorigin' });
    expect((await run([mw], makeRequest())).get('X-Frame-Options')).toBe('SAMEORIGIN');
  });

  it('refuses a value with CR, LF or NUL when it is made', () => {
    expect(() => XFrameOptionsMiddleware({ xFrameOptions: 'deny\r\nX-Evil: 1' })).toThrow(
      BadHeaderError,
    );
  });

  it('leaves a value the view set', async () => {
    const view = () => new HttpResponse('', { headers: { 'X-Frame-Options': 'SAMEORIGIN' } });
    expect(
      (await run([XFrameOptionsMiddleware()], makeRequest(), view)).get('X-Frame-Options'),
    ).toBe('SAMEORIGIN');
  });

  it('leaves the pages of an exempt view frameable', async () => {
    const view = xframeOptionsExempt(() => new HttpResponse('embed'));
    expect(
      (await run([XFrameOptionsMiddleware()], makeRequest(), view)).has('X-Frame-Options'),
    ).toBe(false);
  });

  it('sets the per-view values of the deny and sameorigin decorators', async () => {
    const mw = XFrameOptionsMiddleware({ xFrameOptions: 'SAMEORIGIN' });
    expect(
      (
        await run(
          [mw],
          makeRequest(),
          xframeOptionsDeny(() => new HttpResponse('')),
        )
      ).get('X-Frame-Options'),
    ).toBe('DENY');
    const same = xframeOptionsSameorigin(() => new HttpResponse(''));
    expect(
      (await run([XFrameOptionsMiddleware()], makeRequest(), same)).get('X-Frame-Options'),
    ).toBe('SAMEORIGIN');
  });
});
