import { dumps } from '@stack/request';
import { describe, expect, it } from 'vitest';
import { sessionStoreConformance } from '../../test/session-store-conformance.js';
import { expectOpensAsNew } from '../../test/same-store.js';
import {
  openSignedCookieSession,
  SignedCookieSessionStore,
  signedCookieSessions,
} from './signed-cookies.js';

const secretKey = 'test-secret-key';
sessionStoreConformance('signedCookieSessions', () => signedCookieSessions({ secretKey }), {
  serverSide: false,
});

describe('signedCookieSessions', () => {
  it('opens the same object as `new SignedCookieSessionStore` (built without super())', () => {
    expectOpensAsNew(openSignedCookieSession, SignedCookieSessionStore, { secretKey });
    const engine = signedCookieSessions({ secretKey });
    expect(engine.open(null)).toBeInstanceOf(SignedCookieSessionStore);
  });

  it('keeps the data in the signed key itself, in Django’s signing format', async () => {
    const session = new SignedCookieSessionStore(null, { secretKey });
    await session.set('a', 1);
    await session.save();
    expect(session.sessionKey).toMatch(/^[A-Za-z0-9_.-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
    const token = dumps(
      { from: 'django' },
      { key: secretKey, salt: 'django.contrib.sessions.backends.signed_cookies' },
    );
    expect(await new SignedCookieSessionStore(token, { secretKey }).get('from')).toBe('django');
  });

  it('refuses a cookie signed with another secret or tampered with', async () => {
    const session = new SignedCookieSessionStore(null, { secretKey });
    await session.set('admin', false);
    await session.save();
    const other = new SignedCookieSessionStore(session.sessionKey, { secretKey: 'other' });
    expect(await other.items()).toEqual([]);
    const tampered = session.sessionKey!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    expect(await new SignedCookieSessionStore(tampered, { secretKey }).items()).toEqual([]);
  });

  it('accepts a cookie signed with a fallback secret', async () => {
    const session = new SignedCookieSessionStore(null, { secretKey: 'old' });
    await session.set('a', 1);
    await session.save();
    const rotated = new SignedCookieSessionStore(session.sessionKey, {
      secretKey: 'new',
      secretKeyFallbacks: ['old'],
    });
    expect(await rotated.get('a')).toBe(1);
  });

  it('refuses a cookie older than the session cookie age', async () => {
    const token = dumps(
      { a: 1 },
      {
        key: secretKey,
        salt: 'django.contrib.sessions.backends.signed_cookies',
        now: () => Date.now() / 1000 - 120,
      },
    );
    expect(await new SignedCookieSessionStore(token, { secretKey, cookieAge: 60 }).items()).toEqual(
      [],
    );
    expect(await new SignedCookieSessionStore(token, { secretKey, cookieAge: 600 }).get('a')).toBe(
      1,
    );
  });

  it('refuses to start without a secret', () => {
    expect(() => signedCookieSessions({ secretKey: '' })).toThrow(/secretKey/);
  });
});
